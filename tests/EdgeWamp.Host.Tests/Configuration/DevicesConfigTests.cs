using EdgeWamp.Devices.Gpio;
using EdgeWamp.Devices.Sensors;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary>The board files and the <c>devices</c> section: what loads, how they merge, and every error with its JSON path.</summary>
public sealed class DevicesConfigTests
{
    private const string Realms = """
        "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
          "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"] } ] } ] } ],
        "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] }
        """;

    [Theory]
    [InlineData("sim", "sim")]
    [InlineData("rpi4", "pinctrl-bcm2711")]
    [InlineData("rpi5", "pinctrl-rp1")]
    [InlineData("zero2w", "pinctrl-bcm2835")]
    public void BuiltInBoards_LoadWithTheirChipLabelAndI2cBus(string name, string gpiochip)
    {
        Assert.True(BoardLoader.TryLoad(name, out BoardConfig? board, out IReadOnlyList<ConfigError> errors), string.Join("\n", errors));

        Assert.Equal(name, board!.Name);
        Assert.Equal(gpiochip, board.Gpiochip);
        Assert.Equal(1, board.I2cBus);
    }

    [Fact]
    public void DefaultConfig_RunsTheSimBoard_WithEnvLedButtonFan_AndSystemMetrics()
    {
        EdgeWampConfig config = ConfigLoader.LoadDefault().Config!;
        Assert.True(BoardLoader.TryLoad(config.Board, out BoardConfig? board, out _));

        List<GpioPinOptions> pins = DeviceSetup.Pins(board!, config.Devices);
        List<PublishedSensor> sensors = DeviceSetup.Sensors(board!, config.Devices, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(["led", "button", "fan"], pins.Select(pin => pin.Name));
        Assert.Equal([GpioPinKind.Output, GpioPinKind.Input, GpioPinKind.Pwm], pins.Select(pin => pin.Kind));
        Assert.All(pins, pin => Assert.Equal("sim", pin.Chip));
        Assert.Equal(["env", "system"], sensors.Select(sensor => sensor.Name));
        Assert.IsType<SimulatedEnvironmentSensor>(sensors[0].Driver);
        Assert.Equal("sensors.env.", sensors[0].TopicPrefix);
        Assert.Equal("sensors.env.read", sensors[0].ReadProcedure);
        Assert.Equal("system.", sensors[1].TopicPrefix);
        foreach (PublishedSensor sensor in sensors)
        {
            sensor.Driver.Dispose();
        }
    }

    [Fact]
    public void Devices_ReplaceBoardEntriesByName_RemoveDisabledOnes_AndAddNewOnes()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}},
              "board": "sim",
              "devices": {
                "pins": [
                  { "name": "led", "line": 5, "mode": "output", "initial": "high", "safe": "keep" },
                  { "name": "button", "mode": "input", "enabled": false },
                  { "name": "relay", "line": 6, "chip": "pinctrl-bcm2711", "mode": "output", "safe": "high" }
                ],
                "sensors": [
                  { "name": "env", "driver": "sim", "options": { "seed": "3", "temperature": "25" }, "pollIntervalMs": 1000, "threshold": 0.5 }
                ],
                "system": { "enabled": false }
              }
            }
            """);
        Assert.True(BoardLoader.TryLoad(config.Board, out BoardConfig? board, out _));

        List<GpioPinOptions> pins = DeviceSetup.Pins(board!, config.Devices);
        List<PublishedSensor> sensors = DeviceSetup.Sensors(board!, config.Devices, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(["led", "fan", "relay"], pins.Select(pin => pin.Name));
        Assert.Equal(5, pins[0].Line);
        Assert.Equal(System.Device.Gpio.PinValue.High, pins[0].Initial);
        Assert.Null(pins[0].Safe);
        Assert.Equal("pinctrl-bcm2711", pins[2].Chip);
        Assert.Equal(System.Device.Gpio.PinValue.High, pins[2].Safe);
        PublishedSensor env = Assert.Single(sensors);
        Assert.Equal(TimeSpan.FromSeconds(1), env.PollInterval);
        Assert.Equal(0.5, env.Threshold);
        env.Driver.Dispose();
    }

    [Fact]
    public void I2cSensorWithoutABus_GetsTheBoardsBus_AndAnUncreatableDriverIsLeftOnItsStatusTopic()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}}, "board": "rpi5",
              "devices": { "sensors": [ { "name": "room", "driver": "bme280", "options": { "address": "0x76" } } ], "system": { "enabled": false } } }
            """);
        Assert.True(BoardLoader.TryLoad(config.Board, out BoardConfig? board, out _));

        PublishedSensor room = Assert.Single(DeviceSetup.Sensors(board!, config.Devices, TimeProvider.System, NullLogger.Instance));

        Assert.Equal("sensors.room.status", room.StatusTopic);
        Assert.NotNull(room.Driver);
    }

    [Fact]
    public void UnknownKeyInAPin_IsAnErrorAtItsPath()
    {
        string json = $$"""
            { {{Realms}},
              "devices": { "pins": [ { "name": "led", "line": 4, "mode": "output", "colour": "red" } ] } }
            """;
        (int line, int column) = PositionOf(json, "\"colour\"");

        string message = SingleError(json, "$.devices.pins[0].colour", line, column);

        Assert.StartsWith("unknown property 'colour'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadValues_AreErrorsAtTheirPaths()
    {
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}},
              "devices": {
                "pins": [
                  { "name": "Led", "line": -1, "mode": "blink", "pull": "sideways", "edge": "up", "debounceMs": 60000 },
                  { "name": "a", "line": 4, "mode": "output", "initial": "on", "safe": "off" },
                  { "name": "b", "line": 4, "mode": "input" },
                  { "name": "fan", "mode": "pwm", "frequency": 0, "duty": 2 }
                ],
                "sensors": [
                  { "name": "env", "driver": "sim", "options": { "humidity": "140" }, "pollIntervalMs": 10, "threshold": -1, "thresholds": { "temperature": -0.1 }, "publishEverySeconds": 0 },
                  { "name": "x", "driver": "bme281", "options": { "bus": [1] } },
                  { "name": "x", "driver": "bme280" }
                ],
                "system": { "pollIntervalMs": 50 },
                "realm": "nowhere"
              }
            }
            """);

        Assert.Equal(
            [
                "$.devices.pins[0].name", "$.devices.pins[0].line", "$.devices.pins[0].mode", "$.devices.pins[0].pull",
                "$.devices.pins[0].edge", "$.devices.pins[0].debounceMs", "$.devices.pins[1].initial", "$.devices.pins[1].safe",
                "$.devices.pins[2].line", "$.devices.pins[3].frequency", "$.devices.pins[3].duty",
                "$.devices.sensors[0].options", "$.devices.sensors[0].pollIntervalMs", "$.devices.sensors[0].threshold",
                "$.devices.sensors[0].thresholds.temperature", "$.devices.sensors[0].publishEverySeconds",
                "$.devices.sensors[1].driver", "$.devices.sensors[1].options.bus", "$.devices.sensors[2].name",
                "$.devices.system.pollIntervalMs", "$.devices.realm",
            ],
            errors.Select(error => error.Path));
        Assert.Contains(errors, error => error.Path == "$.devices.sensors[1].options.bus" && error.Message.StartsWith("expected a string, found", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Path == "$.devices.pins[2].line" && error.Message.Contains("already used", StringComparison.Ordinal));
    }

    [Fact]
    public void SensorOptions_NumbersAreKeptAsTheirExactText()
    {
        string json = $$"""{ {{Realms}}, "devices": { "sensors": [ { "name": "room", "driver": "bme280", "options": { "bus": 1, "address": "0x76", "oversampling": 16 } } ] } }""";

        EdgeWampConfig config = Valid(json);

        var options = Assert.Single(config.Devices!.Sensors).Options;
        Assert.Equal("1", options["bus"]);
        Assert.Equal("16", options["oversampling"]);
    }

    [Fact]
    public void UnknownBoard_IsAnErrorAtBoard()
    {
        string json = $$"""{ {{Realms}}, "board": "rpi9" }""";
        (int line, int column) = PositionOf(json, "\"rpi9\"");

        string message = SingleError(json, "$.board", line, column);

        Assert.Contains("unknown board 'rpi9'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoardFile_ErrorsAreReportedWithTheBoardFilesPathLineAndColumn()
    {
        using var board = new TempFile("""
            {
              "name": "mine",
              "gpiochip": "pinctrl-bcm2711",
              "pins": [ { "name": "led", "line": 17, "mode": "outptu" } ]
            }
            """, "mine.json");

        string json = $$"""{ {{Realms}}, "board": "{{board.Path}}" }""";
        (int line, int column) = PositionOf(json, "\"/");

        string message = SingleError(json, "$.board", line, column);

        Assert.Contains($"{board.Path}:4:50: $.pins[0].mode: unknown mode 'outptu'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoardFile_FromAPath_Loads()
    {
        using var board = new TempFile("""{ "name": "mine", "gpiochip": "pinctrl-rp1", "pins": [ { "name": "door", "line": 27, "mode": "input", "pull": "up" } ] }""", "mine.json");

        EdgeWampConfig config = Valid($$"""{ {{Realms}}, "board": "{{board.Path}}" }""");

        Assert.True(BoardLoader.TryLoad(config.Board, out BoardConfig? loaded, out _));
        GpioPinOptions door = Assert.Single(DeviceSetup.Pins(loaded!, config.Devices));
        Assert.Equal("pinctrl-rp1", door.Chip);
        Assert.Equal(System.Device.Gpio.PinMode.InputPullUp, door.Pull);
    }

    [Fact]
    public void BoardNone_HasNoPinsOrSensors()
    {
        EdgeWampConfig config = Valid($$"""{ {{Realms}}, "board": "none", "devices": { "system": { "enabled": false } } }""");

        Assert.True(BoardLoader.TryLoad(config.Board, out BoardConfig? board, out _));
        Assert.Empty(DeviceSetup.Pins(board!, config.Devices));
        Assert.Empty(DeviceSetup.Sensors(board!, config.Devices, TimeProvider.System, NullLogger.Instance));
    }

    /// <summary>1-based line and column of the first <paramref name="marker"/> in <paramref name="json"/>.</summary>
    private static (int Line, int Column) PositionOf(string json, string marker)
    {
        int offset = json.IndexOf(marker, StringComparison.Ordinal);
        int lineStart = json.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        return (json[..offset].Count(c => c == '\n') + 1, offset - lineStart + 1);
    }
}
