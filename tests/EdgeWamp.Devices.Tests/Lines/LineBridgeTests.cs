using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeWamp.Devices.Lines;
using EdgeWamp.Devices.Tests.TestSupport;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Devices.Tests.Lines;

/// <summary>The line bridge on a real router: a JSON client subscribes and calls like any remote peer would.</summary>
public sealed class LineBridgeTests : IAsyncLifetime
{
    private readonly WampRouter _router = TestRouters.AllowAll();
    private readonly RecordingLineWriter _device = new();
    private JsonClient _client = null!;
    private LineBridge? _bridge;

    public async Task InitializeAsync()
    {
        _client = new JsonClient(_router);
        await _client.JoinAsync();
    }

    public async Task DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }

        _router.Dispose();
    }

    [Fact]
    public async Task OnLine_KeyValue_PublishesEachFieldConvertedWithItsUnitAndTimestamp()
    {
        await StartBridge(new LineRule
        {
            Format = LineFormat.KeyValue,
            Topic = "sensors.weather",
            Fields =
            [
                new LineField { Key = "temp", Quantity = "temperature", Unit = "K", Offset = 273.15 },
                new LineField { Key = "count", Type = LineValueType.Integer },
                new LineField { Key = "door", Type = LineValueType.Boolean },
                new LineField { Key = "label", Type = LineValueType.String },
            ],
        });
        await _client.SubscribeAsync("sensors.weather.temperature", 1);
        await _client.SubscribeAsync("sensors.weather.count", 2);
        await _client.SubscribeAsync("sensors.weather.door", 3);
        await _client.SubscribeAsync("sensors.weather.label", 4);

        _bridge!.OnLine("temp=21.5 count=7 door=ON label=porch ignored=1"u8);

        JsonElement temperature = Kwargs(await _client.NextAsync(36));
        Assert.Equal(294.65, temperature.GetProperty("value").GetDouble(), 9);
        Assert.Equal("K", temperature.GetProperty("unit").GetString());
        Assert.Equal(FixedTime.Instant.ToUnixTimeMilliseconds(), temperature.GetProperty("ts").GetInt64());
        JsonElement count = Kwargs(await _client.NextAsync(36));
        Assert.Equal("7", count.GetProperty("value").GetRawText());
        Assert.False(count.TryGetProperty("unit", out _));
        Assert.True(Kwargs(await _client.NextAsync(36)).GetProperty("value").GetBoolean());
        Assert.Equal("porch", Kwargs(await _client.NextAsync(36)).GetProperty("value").GetString());
        Assert.Equal(4, _bridge.Publications);
        Assert.Equal(1, _bridge.MatchedLines);
    }

    [Fact]
    public async Task OnLine_ValueOfTheWrongType_IsSkipped_TheOthersArePublished()
    {
        await StartBridge(new LineRule
        {
            Format = LineFormat.KeyValue,
            Topic = "sensors.x",
            Fields = [new LineField { Key = "a" }, new LineField { Key = "b", Type = LineValueType.Integer }],
        });
        await _client.SubscribeAsync("sensors.x.a", 1);
        await _client.SubscribeAsync("sensors.x.b", 2);

        _bridge!.OnLine("a=oops b=3"u8);

        JsonElement b = await _client.NextAsync(36);
        Assert.Equal("3", Kwargs(b).GetProperty("value").GetRawText());
        Assert.False(_client.TryNext(out _));
        Assert.Equal(1, _bridge.Publications);
    }

    [Fact]
    public async Task OnLine_Regex_PublishesNamedGroups_AndAutoTypesWithoutFields()
    {
        await StartBridge(
            new LineRule
            {
                Format = LineFormat.Regex,
                Topic = "sensors.weather",
                Pattern = new Regex(@"^P:(?<pressure>[0-9.]+)hPa$"),
                Fields = [new LineField { Key = "pressure", Unit = "Pa", Scale = 100 }],
            },
            new LineRule { Format = LineFormat.Regex, Topic = "sensors.meter", Pattern = new Regex(@"^M (?<reading>\d+) (?<state>\w+)$") });
        await _client.SubscribeAsync("sensors.weather.pressure", 1);
        await _client.SubscribeAsync("sensors.meter.reading", 2);
        await _client.SubscribeAsync("sensors.meter.state", 3);

        _bridge!.OnLine("P:1013.25hPa"u8);
        JsonElement pressure = Kwargs(await _client.NextAsync(36));
        Assert.Equal(101325.0, pressure.GetProperty("value").GetDouble(), 6);
        Assert.Equal("Pa", pressure.GetProperty("unit").GetString());

        _bridge.OnLine("M 42017 ok"u8);
        Assert.Equal("42017", Kwargs(await _client.NextAsync(36)).GetProperty("value").GetRawText());
        Assert.Equal("ok", Kwargs(await _client.NextAsync(36)).GetProperty("value").GetString());
    }

    [Fact]
    public async Task OnLine_Nmea_PublishesEveryQuantityInSiUnits_AndSkipsBadChecksums()
    {
        await StartBridge(new LineRule { Format = LineFormat.Nmea, Topic = "sensors.gps" });
        await _client.SubscribeAsync("sensors.gps.speed", 1);
        await _client.SubscribeAsync("sensors.gps.altitude", 2);

        _bridge!.OnLine("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B"u8);   // corrupted
        _bridge.OnLine("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r"u8);
        JsonElement speed = Kwargs(await _client.NextAsync(36));
        Assert.Equal(22.4 * 1852 / 3600, speed.GetProperty("value").GetDouble(), 9);
        Assert.Equal("m/s", speed.GetProperty("unit").GetString());

        _bridge.OnLine("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47"u8);
        JsonElement altitude = Kwargs(await _client.NextAsync(36));
        Assert.Equal(545.4, altitude.GetProperty("value").GetDouble());
        Assert.Equal("m", altitude.GetProperty("unit").GetString());
        Assert.Equal(1, _bridge.UnmatchedLines);
        Assert.Equal(2, _bridge.MatchedLines);
    }

    [Fact]
    public async Task OnLine_FirstMatchingRuleWins_UnmatchedLinesAreCounted()
    {
        await StartBridge(
            new LineRule { Format = LineFormat.Nmea, Topic = "sensors.gps" },
            new LineRule { Format = LineFormat.KeyValue, Topic = "sensors.kv" });
        await _client.SubscribeAsync("sensors.kv.x", 1);

        _bridge!.OnLine("booting..."u8);
        _bridge.OnLine(""u8);
        _bridge.OnLine("x=1"u8);
        Assert.Equal("1", Kwargs(await _client.NextAsync(36)).GetProperty("value").GetRawText());
        Assert.Equal(1, _bridge.UnmatchedLines);
    }

    [Fact]
    public async Task WriteProcedure_WritesItsArgumentAsALine_AndReportsAnAbsentDevice()
    {
        await StartBridge(new LineRule { Format = LineFormat.KeyValue, Topic = "sensors.kv" });

        _client.Send("""[48,1,{},"devices.test.write",["LED=1"]]""");
        Assert.Equal(1, (await _client.NextAsync(50))[1].GetInt32());
        Assert.Equal(["LED=1"], _device.Lines);

        _client.Send("""[48,2,{},"devices.test.write",[42]]""");
        Assert.Equal("wamp.error.invalid_argument", (await _client.NextAsync(8))[4].GetString());

        _device.Connected = false;
        _client.Send("""[48,3,{},"devices.test.write",["LED=0"]]""");
        JsonElement error = await _client.NextAsync(8);
        Assert.Equal(3, error[2].GetInt32());
        Assert.Equal("edgewamp.error.device_unavailable", error[4].GetString());
    }

    [Fact]
    public async Task OnLine_BeforeTheBridgeJoined_IsDropped()
    {
        _bridge = new LineBridge(Options(new LineRule { Format = LineFormat.KeyValue, Topic = "sensors.kv" }), _device, new FixedTime(), NullLogger.Instance);
        _bridge.OnLine("x=1"u8);
        Assert.Equal(0, _bridge.Publications);
        Assert.False(_bridge.IsJoined);
        await Task.CompletedTask;
    }

    private async Task StartBridge(params LineRule[] rules)
    {
        _bridge = new LineBridge(Options(rules), _device, new FixedTime(), NullLogger.Instance);
        await _bridge.StartAsync(_router, AuthMethods.Anonymous, CancellationToken.None);
        Assert.True(_bridge.IsJoined);
    }

    private static LineBridgeOptions Options(params LineRule[] rules) => new()
    {
        Name = "test",
        Realm = "realm1",
        WriteProcedure = "devices.test.write",
        Rules = rules,
    };

    /// <summary>EVENT: [36, Subscription, Publication, Details, Arguments, ArgumentsKw].</summary>
    private static JsonElement Kwargs(JsonElement @event)
    {
        Assert.Equal(0, @event[4].GetArrayLength());
        return @event[5];
    }
}
