using System.Globalization;
using System.Text.Json;
using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.Sensors.Fakes;

namespace EdgeWamp.Devices.Tests.Sensors;

/// <summary>Every sensor entry shown in docs/sensors.md creates its driver, so the examples users copy work.</summary>
public sealed class SensorDocsExamplesTests : IDisposable
{
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    public static TheoryData<string> Examples() => [.. ExampleLines()];

    private static List<string> ExampleLines() =>
        File.ReadLines(DocsFile())
            .Where(line => line.StartsWith("{ \"name\":", StringComparison.Ordinal) && line.Contains("\"driver\"", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void Examples_CoverEveryDriver()
    {
        HashSet<string> drivers = [.. ExampleLines().Select(e => JsonDocument.Parse(e).RootElement.GetProperty("driver").GetString()!)];

        Assert.Equal(SensorDriverFactory.Drivers.Order(), drivers.Order());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_CreatesItsDriver(string json)
    {
        using JsonDocument entry = JsonDocument.Parse(json);
        string driver = entry.RootElement.GetProperty("driver").GetString()!;
        Dictionary<string, string> options = [];
        foreach (JsonProperty option in entry.RootElement.GetProperty("options").EnumerateObject())
        {
            // As the config layer passes them: strings as they are, numbers in invariant form.
            options[option.Name] = option.Value.ValueKind == JsonValueKind.Number
                ? option.Value.GetDouble().ToString(CultureInfo.InvariantCulture)
                : option.Value.GetString()!;
        }

        if (options.TryGetValue("device", out string? name))
        {
            // The discovered channels need the device; give it one temperature channel.
            FakeSysfs.Attribute(driver == "iio" ? _sysfs.AddIio(0, name) : _sysfs.AddHwmon(0, name), driver == "iio" ? "in_temp_input" : "temp1_input", "20000");
        }

        Assert.True(SensorDriverFactory.TryCreate(driver, options, _sysfs.Environment, out ISensorDriver? sensor, out string? error), error);
        sensor.Dispose();
    }

    private static string DocsFile()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string path = Path.Combine(directory.FullName, "docs", "sensors.md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("docs/sensors.md not found above " + AppContext.BaseDirectory);
    }
}
