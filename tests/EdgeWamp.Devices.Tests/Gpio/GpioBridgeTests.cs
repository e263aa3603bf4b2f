using System.Device.Gpio;
using System.Device.Pwm;
using System.Text.Json;
using EdgeWamp.Devices.Gpio;
using EdgeWamp.Devices.Tests.TestSupport;
using EdgeWamp.Router;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Devices.Tests.Gpio;

/// <summary>The GPIO bridge on a real router over a simulated gpiochip (the hardware seam), with a manual clock.</summary>
public sealed class GpioBridgeTests : IAsyncLifetime
{
    private const int LedLine = 17;
    private const int ButtonLine = 27;
    private readonly WampRouter _router = TestRouters.AllowAll();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
    private readonly SimulatedGpioDriver _chip = new(lineCount: 58, label: "pinctrl-bcm2711");
    private readonly Dictionary<string, SimulatedPwmChannel> _pwm = [];
    private readonly RecordingLogger _logger = new();
    private JsonClient _client = null!;
    private GpioBridge? _bridge;

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
    public async Task Start_DrivesOutputsToTheirInitialLevel_AndPublishesEveryStateRetained()
    {
        await StartAsync(Output("led", initial: PinValue.High), Input("button", PinMode.InputPullUp));

        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        Assert.Equal(PinMode.InputPullUp, _chip.ModeOf(ButtonLine));
        await _client.SubscribeRetainedAsync("gpio.led.state", 1);
        Assert.Equal(1, Value(await _client.NextAsync(36)));
        await _client.SubscribeRetainedAsync("gpio.button.state", 2);
        Assert.Equal(1, Value(await _client.NextAsync(36)));
    }

    [Fact]
    public async Task Write_SetsTheLine_ReturnsAndPublishesTheNewState()
    {
        await StartAsync(Output("led"));
        await _client.SubscribeAsync("gpio.led.state", 1);

        JsonElement result = await _client.CallAsync(2, "gpio.led.write", "[1]");

        Assert.Equal(50, result[0].GetInt32());
        Assert.Equal(1, result[4].GetProperty("value").GetInt32());
        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        JsonElement state = Kwargs(await _client.NextAsync(36));
        Assert.Equal(1, state.GetProperty("value").GetInt32());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), state.GetProperty("ts").GetInt64());
        Assert.Equal(0, (await _client.CallAsync(3, "gpio.led.write", "[]", """{"value": false}"""))[4].GetProperty("value").GetInt32());
        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
    }

    [Fact]
    public async Task Write_WithABadValue_IsInvalidArgument_AndTheLineStays()
    {
        await StartAsync(Output("led"));

        foreach (string arguments in new[] { "[2]", "[\"on\"]", "[]" })
        {
            JsonElement error = await _client.CallAsync(2, "gpio.led.write", arguments);
            Assert.Equal(8, error[0].GetInt32());
            Assert.Equal(GpioErrors.InvalidArgument, error[4].GetString());
        }

        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
    }

    [Fact]
    public async Task Toggle_FlipsTheLine_AndRead_ReturnsIt()
    {
        await StartAsync(Output("led"));

        Assert.Equal(1, (await _client.CallAsync(1, "gpio.led.toggle"))[4].GetProperty("value").GetInt32());
        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        Assert.Equal(1, (await _client.CallAsync(2, "gpio.led.read"))[4].GetProperty("value").GetInt32());
        Assert.Equal(0, (await _client.CallAsync(3, "gpio.led.toggle"))[4].GetProperty("value").GetInt32());
        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
    }

    [Fact]
    public async Task Pulse_SetsTheLineForTheDuration_ThenRestoresIt()
    {
        await StartAsync(Output("led"));
        await _client.SubscribeAsync("gpio.led.state", 1);

        await _client.CallAsync(2, "gpio.led.pulse", "[200]");
        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
        Assert.Equal(1, Value(await _client.NextAsync(36)));
        JsonElement end = Kwargs(await _client.NextAsync(36));
        Assert.Equal(0, end.GetProperty("value").GetInt32());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), end.GetProperty("ts").GetInt64());
    }

    [Fact]
    public async Task Pulse_DuringAPulse_ExtendsIt_FromTheSecondCall()
    {
        await StartAsync(Output("led"));

        await _client.CallAsync(1, "gpio.led.pulse", "[200]");
        _time.Advance(TimeSpan.FromMilliseconds(150));
        await _client.CallAsync(2, "gpio.led.pulse", "[200]");
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
    }

    [Fact]
    public async Task Write_DuringAPulse_CancelsItsEnd()
    {
        await StartAsync(Output("led"));

        await _client.CallAsync(1, "gpio.led.pulse", "[]", """{"duration": 100}""");
        await _client.CallAsync(2, "gpio.led.write", "[1]");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));
    }

    [Fact]
    public async Task Pulse_LowOnAnActiveHighPin_AndBadDurations()
    {
        await StartAsync(Output("led", initial: PinValue.High));

        await _client.CallAsync(1, "gpio.led.pulse", "[50, 0]");
        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(PinValue.High, _chip.LevelOf(LedLine));

        foreach (string arguments in new[] { "[0]", "[-5]", "[600000]", "[]" })
        {
            Assert.Equal(GpioErrors.InvalidArgument, (await _client.CallAsync(2, "gpio.led.pulse", arguments))[4].GetString());
        }
    }

    [Fact]
    public async Task InputEdges_PublishTheState_AndReadReturnsTheLevel()
    {
        await StartAsync(Input("button", PinMode.InputPullUp));
        await _client.SubscribeAsync("gpio.button.state", 1);

        _chip.Drive(ButtonLine, PinValue.Low);
        Assert.Equal(0, Value(await _client.NextAsync(36)));
        Assert.Equal(0, (await _client.CallAsync(2, "gpio.button.read"))[4].GetProperty("value").GetInt32());
        _chip.Drive(ButtonLine, null);
        Assert.Equal(1, Value(await _client.NextAsync(36)));
    }

    [Fact]
    public async Task RisingOnly_PublishesRisingEdgesOnly()
    {
        await StartAsync(Input("button", PinMode.InputPullDown, edge: PinEventTypes.Rising));
        await _client.SubscribeAsync("gpio.button.state", 1);

        _chip.Drive(ButtonLine, PinValue.High);
        _chip.Drive(ButtonLine, PinValue.Low);
        _chip.Drive(ButtonLine, PinValue.High);

        Assert.Equal(1, Value(await _client.NextAsync(36)));
        Assert.Equal(1, Value(await _client.NextAsync(36)));
        Assert.False(_client.TryNext(out _));
    }

    [Fact]
    public async Task Debounce_ABouncingContact_PublishesOnceItSettles()
    {
        await StartAsync(Input("button", PinMode.InputPullUp, debounce: TimeSpan.FromMilliseconds(20)));
        await _client.SubscribeAsync("gpio.button.state", 1);

        // A press that bounces for 3 ms: low, high, low, high, low, 1 ms apart.
        foreach (PinValue? level in new PinValue?[] { PinValue.Low, null, PinValue.Low, null, PinValue.Low })
        {
            _chip.Drive(ButtonLine, level);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.False(_client.TryNext(out _));
        _time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.Equal(0, Value(await _client.NextAsync(36)));

        // A glitch shorter than the debounce that ends where it started publishes nothing.
        _chip.Drive(ButtonLine, null);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _chip.Drive(ButtonLine, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(_client.TryNext(out _));
    }

    [Fact]
    public async Task Simulate_IsOnlyOfferedOnASimulatedChip_AndDrivesTheInput()
    {
        await StartAsync(Input("button", PinMode.InputPullUp));
        await _client.SubscribeAsync("gpio.button.state", 1);

        JsonElement result = await _client.CallAsync(2, "gpio.button.simulate", "[0]");

        Assert.Equal(50, result[0].GetInt32());
        Assert.Equal(PinValue.Low, _chip.LevelOf(ButtonLine));
        Assert.Equal(0, Value(await _client.NextAsync(36)));
    }

    [Fact]
    public async Task Write_OnAnInput_IsNoSuchProcedure()
    {
        await StartAsync(Input("button", PinMode.Input));

        JsonElement error = await _client.CallAsync(1, "gpio.button.write", "[1]");

        Assert.Equal("wamp.error.no_such_procedure", error[4].GetString());
    }

    [Fact]
    public async Task Dispose_AppliesSafeStates()
    {
        await StartAsync(Output("led", initial: PinValue.High), Output("keep", line: 22, initial: PinValue.High, keepOnShutdown: true), Output("heater", line: 23, safe: PinValue.High));

        await _bridge!.DisposeAsync();
        _bridge = null;

        Assert.Equal(PinValue.Low, _chip.LevelOf(LedLine));
        Assert.Equal(PinValue.High, _chip.LevelOf(22));
        Assert.Equal(PinValue.High, _chip.LevelOf(23));
        Assert.False(_chip.IsOpen(LedLine));
    }

    [Fact]
    public async Task APinThatCannotOpen_IsLoggedAndLeftOut_TheOthersWork()
    {
        await StartAsync(Output("led"), Output("ghost", line: 99), Output("twin", line: LedLine));

        Assert.Equal(["led"], _bridge!.AttachedPins);
        Assert.Equal(2, _logger.Count(4031));
        Assert.Equal(50, (await _client.CallAsync(1, "gpio.led.toggle"))[0].GetInt32());
    }

    [Fact]
    public async Task Pwm_StartsAtItsDuty_WriteChangesDutyAndFrequency_SafeDutyOnDispose()
    {
        await StartAsync(new GpioPinOptions { Name = "fan", Chip = "pinctrl-bcm2711", Line = 18, Kind = GpioPinKind.Pwm, Frequency = 25_000, Duty = 0.2, SafeDuty = 0 });
        SimulatedPwmChannel channel = _pwm["fan"];
        Assert.True(channel.IsRunning);
        Assert.Equal(0.2, channel.DutyCycle);
        await _client.SubscribeAsync("gpio.fan.state", 1);

        JsonElement result = await _client.CallAsync(2, "gpio.fan.write", "[]", """{"duty": 0.75, "frequency": 1000}""");

        Assert.Equal(0.75, result[4].GetProperty("duty").GetDouble());
        Assert.Equal(1000, channel.Frequency);
        Assert.Equal(0.75, Kwargs(await _client.NextAsync(36)).GetProperty("duty").GetDouble());
        Assert.Equal(GpioErrors.InvalidArgument, (await _client.CallAsync(3, "gpio.fan.write", "[1.5]"))[4].GetString());
        Assert.Equal(0.75, (await _client.CallAsync(4, "gpio.fan.read"))[4].GetProperty("duty").GetDouble());

        await _bridge!.DisposeAsync();
        _bridge = null;
        Assert.Equal(0, channel.DutyCycle);
        Assert.False(channel.IsRunning);
        Assert.True(channel.IsDisposed);
    }

    private static GpioPinOptions Output(string name, int line = LedLine, PinValue? initial = null, PinValue? safe = null, bool keepOnShutdown = false) => new()
    {
        Name = name,
        Chip = "pinctrl-bcm2711",
        Line = line,
        Kind = GpioPinKind.Output,
        Initial = initial ?? PinValue.Low,
        Safe = keepOnShutdown ? null : safe ?? PinValue.Low,
    };

    private static GpioPinOptions Input(string name, PinMode pull, PinEventTypes edge = PinEventTypes.Rising | PinEventTypes.Falling, TimeSpan debounce = default) => new()
    {
        Name = name,
        Chip = "pinctrl-bcm2711",
        Line = ButtonLine,
        Kind = GpioPinKind.Input,
        Pull = pull,
        Edge = edge,
        Debounce = debounce,
    };

    private async Task StartAsync(params GpioPinOptions[] pins)
    {
        _bridge = new GpioBridge(pins, _ => _chip, OpenPwm, _time, _logger);
        await _bridge.StartAsync(_router, AuthMethods.Anonymous, "realm1", CancellationToken.None);
    }

    private SimulatedPwmChannel OpenPwm(GpioPinOptions pin) => _pwm[pin.Name] = new SimulatedPwmChannel(pin.Frequency, pin.Duty);

    private static JsonElement Kwargs(JsonElement message) => message[5];

    private static int Value(JsonElement message) => Kwargs(message).GetProperty("value").GetInt32();
}
