using EdgeWamp.Devices.Lines;

namespace EdgeWamp.Devices.Tests.Lines;

public sealed class KeyValueLineTests
{
    [Theory]
    [InlineData("temp=21.5 hum=40.2", "temp:21.5|hum:40.2")]
    [InlineData("T:21.5,H:40.2", "T:21.5|H:40.2")]
    [InlineData("temp=21.5;hum=40;  door = open", "temp:21.5|hum:40")]   // "door = open" has no pair in one token
    [InlineData("\ttemp=-3.25\t", "temp:-3.25")]
    [InlineData("url=http://x", "url:http://x")]                          // split at the first separator
    [InlineData("hello world", "")]
    [InlineData("=5 x= =", "")]
    public void Parse_SensorLines_FindsEveryPair(string line, string expected)
    {
        var values = new List<LineValue>();
        int found = KeyValueLine.Parse(line, values);
        Assert.Equal(expected, string.Join('|', values.Select(v => $"{v.Key}:{v.Text}")));
        Assert.Equal(values.Count, found);
    }
}
