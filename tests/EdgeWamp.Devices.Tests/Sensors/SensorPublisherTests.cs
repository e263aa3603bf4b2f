using System.Text.Json;
using EdgeWamp.Devices.Sensors;
using EdgeWamp.Devices.Tests.TestSupport;
using EdgeWamp.Router;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Devices.Tests.Sensors;

/// <summary>The sensor publisher on a real router, driven by a manual clock; a JSON client subscribes and calls.</summary>
public sealed class SensorPublisherTests : IAsyncLifetime
{
    private static readonly SensorQuantity Temperature = new("temperature", "°C");
    private static readonly SensorQuantity Humidity = new("humidity", "%RH");
    private readonly WampRouter _router = TestRouters.AllowAll();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _logger = new();
    private JsonClient _client = null!;
    private SensorPublisher? _publisher;

    public async Task InitializeAsync()
    {
        _client = new JsonClient(_router);
        await _client.JoinAsync();
    }

    public async Task DisposeAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        _router.Dispose();
    }

    [Fact]
    public async Task Start_PublishesEachQuantity_WithValueUnitAndTimestamp_Retained()
    {
        var sensor = new ScriptedSensor(Temperature, Humidity).Then(21.25, 40.5);
        await StartAsync(Sensor("env", sensor));
        await WaitForReadsAsync(1);

        // Subscribed after the publication: the retained events arrive with the subscription.
        await _client.SubscribeRetainedAsync("sensors.env.temperature", 1);
        JsonElement temperature = Kwargs(await _client.NextAsync(36));
        await _client.SubscribeRetainedAsync("sensors.env.humidity", 2);
        JsonElement humidity = Kwargs(await _client.NextAsync(36));

        Assert.Equal(21.25, temperature.GetProperty("value").GetDouble());
        Assert.Equal("°C", temperature.GetProperty("unit").GetString());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), temperature.GetProperty("ts").GetInt64());
        Assert.Equal(40.5, humidity.GetProperty("value").GetDouble());
        Assert.Equal("%RH", humidity.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task ReadProcedure_ReturnsEveryQuantity_ByName()
    {
        await StartAsync(Sensor("env", new ScriptedSensor(Temperature, Humidity).Then(19.5, 55)));
        await WaitForReadsAsync(1);

        JsonElement result = await _client.CallAsync(7, "sensors.env.read");

        Assert.Equal(50, result[0].GetInt32());
        JsonElement kwargs = result[4];
        Assert.Equal(19.5, kwargs.GetProperty("temperature").GetProperty("value").GetDouble());
        Assert.Equal("°C", kwargs.GetProperty("temperature").GetProperty("unit").GetString());
        Assert.Equal(55, kwargs.GetProperty("humidity").GetProperty("value").GetDouble());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), kwargs.GetProperty("humidity").GetProperty("ts").GetInt64());
    }

    [Fact]
    public async Task ReadProcedure_BeforeAnyGoodReading_AnswersSensorUnavailable()
    {
        await StartAsync(Sensor("env", new ScriptedSensor(Temperature).ThenFail("no device at 0x76")));
        await WaitForReadsAsync(1);

        JsonElement error = await _client.CallAsync(3, "sensors.env.read");

        Assert.Equal(8, error[0].GetInt32());
        Assert.Equal(SensorErrors.Unavailable, error[4].GetString());
    }

    [Fact]
    public async Task Threshold_PublishesOnlyMovesOfAtLeastTheThreshold_AgainstTheLastPublishedValue()
    {
        var sensor = new ScriptedSensor(Temperature).Then(20.0).Then(20.05).Then(20.09).Then(20.1).Then(19.95);
        await _client.SubscribeAsync("sensors.env.temperature", 1);
        await StartAsync(Sensor("env", sensor, threshold: 0.1));

        var published = new List<double> { Value(await _client.NextAsync(36)) };
        for (int poll = 2; poll <= 5; poll++)
        {
            _time.AdvanceWhenArmed(TimeSpan.FromSeconds(1));
            await WaitForReadsAsync(poll);
        }

        // 20.05 and 20.09 are within 0.1 of 20.0; 20.1 is not; 19.95 is 0.15 from 20.1.
        published.Add(Value(await _client.NextAsync(36)));
        published.Add(Value(await _client.NextAsync(36)));
        Assert.Equal([20.0, 20.1, 19.95], published);
        Assert.False(_client.TryNext(out _));
    }

    [Fact]
    public async Task PerQuantityThreshold_TakesPrecedenceOverTheGlobalOne()
    {
        var sensor = new ScriptedSensor(Temperature, Humidity).Then(20, 50).Then(20.5, 50.5);
        await _client.SubscribeRetainedAsync("sensors.env.", 1, match: "prefix");
        await StartAsync(Sensor("env", sensor, threshold: 1, thresholds: new() { ["humidity"] = 0.5 }));
        Assert.Equal(20, Value(await _client.NextAsync(36)));
        Assert.Equal(50, Value(await _client.NextAsync(36)));

        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(1));
        await WaitForReadsAsync(2);

        JsonElement next = await _client.NextAsync(36);
        Assert.Equal(50.5, Value(next));
        Assert.False(_client.TryNext(out _));
    }

    [Fact]
    public async Task PublishEvery_RepublishesAnUnchangedValue_WhenThePeriodHasPassed()
    {
        var sensor = new ScriptedSensor(Temperature).Then(20.0);
        await _client.SubscribeAsync("sensors.env.temperature", 1);
        await StartAsync(Sensor("env", sensor, threshold: 1, publishEvery: TimeSpan.FromSeconds(3)));
        JsonElement first = await _client.NextAsync(36);

        // Polls at 1 s and 2 s publish nothing; the one at 3 s is due by the period.
        for (int poll = 2; poll <= 4; poll++)
        {
            _time.AdvanceWhenArmed(TimeSpan.FromSeconds(1));
            await WaitForReadsAsync(poll);
        }

        JsonElement second = await _client.NextAsync(36);
        Assert.Equal(3000, Kwargs(second).GetProperty("ts").GetInt64() - Kwargs(first).GetProperty("ts").GetInt64());
        Assert.False(_client.TryNext(out _));
    }

    [Fact]
    public async Task Failure_IsLoggedAndPublishedOnce_RetriedWithBackoff_AndRecoveryPublishesOk()
    {
        var sensor = new ScriptedSensor(Temperature).ThenFail("CRC mismatch").ThenFail("CRC mismatch").ThenFail("CRC mismatch").Then(22.0);
        await _client.SubscribeAsync("sensors.env.status", 1);
        await _client.SubscribeAsync("sensors.env.temperature", 2);
        await StartAsync(Sensor("env", sensor, pollInterval: TimeSpan.FromSeconds(2)));

        JsonElement error = Kwargs(await _client.NextAsync(36));
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("CRC mismatch", error.GetProperty("error").GetString());

        // Backoff: 2 s, then 4 s, then 8 s; nothing is read before each is due.
        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(2));
        await WaitForReadsAsync(2);
        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(3.9));
        Assert.Equal(2, sensor.ReadCount);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await WaitForReadsAsync(3);
        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(8));
        await WaitForReadsAsync(4);

        JsonElement ok = Kwargs(await _client.NextAsync(36));
        Assert.Equal("ok", ok.GetProperty("status").GetString());
        Assert.Equal(22.0, Value(await _client.NextAsync(36)));
        Assert.Equal(1, _logger.Count(4020));
        Assert.Equal(2, _logger.Count(4021));
        Assert.Equal(1, _logger.Count(4022));
    }

    [Fact]
    public async Task OneFailingSensor_DoesNotStopTheOthers()
    {
        var broken = new ScriptedSensor(Temperature).ThenFail("no such device");
        var working = new ScriptedSensor(Temperature).Then(1).Then(2).Then(3);
        await _client.SubscribeAsync("sensors.good.temperature", 1);
        await StartAsync(Sensor("bad", broken), Sensor("good", working));

        Assert.Equal(1, Value(await _client.NextAsync(36)));
        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Value(await _client.NextAsync(36)));
        _time.AdvanceWhenArmed(TimeSpan.FromSeconds(1));
        Assert.Equal(3, Value(await _client.NextAsync(36)));
        Assert.Equal(1, _logger.Count(4020));
    }

    [Fact]
    public async Task DriverBug_IsHandledLikeASensorFailure()
    {
        await _client.SubscribeAsync("sensors.odd.status", 1);
        await StartAsync(Sensor("odd", new ThrowingSensor()));

        JsonElement status = Kwargs(await _client.NextAsync(36));

        Assert.Equal("error", status.GetProperty("status").GetString());
        Assert.Contains("IndexOutOfRangeException", status.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_DisposesTheDrivers()
    {
        var sensor = new ScriptedSensor(Temperature).Then(1);
        await StartAsync(Sensor("env", sensor));
        await WaitForReadsAsync(1);

        await _publisher!.DisposeAsync();
        _publisher = null;

        Assert.True(sensor.Disposed);
    }

    private static PublishedSensor Sensor(string name, ISensorDriver driver, double? threshold = null, Dictionary<string, double>? thresholds = null, TimeSpan? publishEvery = null, TimeSpan? pollInterval = null) => new()
    {
        Name = name,
        Driver = driver,
        TopicPrefix = $"sensors.{name}.",
        ReadProcedure = $"sensors.{name}.read",
        StatusTopic = $"sensors.{name}.status",
        PollInterval = pollInterval ?? TimeSpan.FromSeconds(1),
        Threshold = threshold,
        Thresholds = thresholds ?? [],
        PublishEvery = publishEvery,
    };

    private async Task StartAsync(params PublishedSensor[] sensors)
    {
        _publisher = new SensorPublisher(sensors, _time, _logger);
        await _publisher.StartAsync(_router, AuthMethods.Anonymous, "realm1", CancellationToken.None);
    }

    private async Task WaitForReadsAsync(long reads)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_publisher!.Reads < reads)
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    private static JsonElement Kwargs(JsonElement message) => message[5];

    private static double Value(JsonElement message) => Kwargs(message).GetProperty("value").GetDouble();

    private sealed class ThrowingSensor : ISensorDriver
    {
        public IReadOnlyList<SensorQuantity> Quantities => [Temperature];

        public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken) => throw new IndexOutOfRangeException("bug");

        public void Dispose()
        {
        }
    }
}
