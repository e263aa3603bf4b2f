using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Devices.Tests.Sensors;

public sealed class SensorBackoffTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(1000, 300)]
    public void Delay_DoublesFromThePollInterval_UpToFiveMinutes(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), SensorBackoff.Delay(TimeSpan.FromSeconds(5), failures));

    [Fact]
    public void Delay_OfAFastSensor_StartsAtOneSecond() =>
        Assert.Equal(TimeSpan.FromSeconds(1), SensorBackoff.Delay(TimeSpan.FromMilliseconds(100), 1));
}
