using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>Creates drivers through the factory, as the device bridge does, and reads them.</summary>
internal static class SensorReads
{
    public static ISensorDriver Create(string driver, SensorEnvironment environment, TimeProvider? time = null, params (string Key, string Value)[] options)
    {
        Dictionary<string, string> values = options.ToDictionary(o => o.Key, o => o.Value);
        Assert.True(SensorDriverFactory.TryCreate(driver, values, environment, time ?? TimeProvider.System, out ISensorDriver? sensor, out string? error), error);
        return sensor;
    }

    public static async Task<double[]> ReadAsync(this ISensorDriver sensor)
    {
        double[] values = new double[sensor.Quantities.Count];
        await sensor.ReadAsync(values, CancellationToken.None);
        return values;
    }

    public static async Task<SensorException> ReadFailsAsync(this ISensorDriver sensor) =>
        await Assert.ThrowsAsync<SensorException>(async () => await sensor.ReadAsync(new double[sensor.Quantities.Count], CancellationToken.None));
}
