using System.Device.Gpio;
using System.Device.Pwm;
using EdgeWamp.Devices.Local;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// Turns the configured pins into WAMP procedures and retained state events through an in-process
/// <see cref="LocalSession"/> (docs/devices.md, "GPIO"). A pin that cannot be opened (no such chip, line busy) is
/// logged and left out; the others and the router carry on.
/// </summary>
/// <remarks>
/// Lifecycle:
/// 1. <see cref="StartAsync"/> opens one <see cref="GpioController"/> per chip label and each pin in its start state
///    (outputs at their initial level, PWM channels at their initial duty);
/// 2. joins the realm, registers each pin's procedures and publishes each pin's state (retained);
/// 3. <see cref="DisposeAsync"/> puts every output in its safe state, leaves, and releases the lines.
/// </remarks>
public sealed class GpioBridge : IAsyncDisposable
{
    private readonly IReadOnlyList<GpioPinOptions> _pins;
    private readonly Func<string, GpioDriver> _openChip;
    private readonly Func<GpioPinOptions, PwmChannel> _openPwm;
    private readonly ILogger _logger;
    private readonly LocalSession _session;
    private readonly GpioEvents _events;
    private readonly Dictionary<string, GpioController> _controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GpioDriver> _chipDrivers = new(StringComparer.Ordinal);
    private readonly List<IBridgedPin> _bridged = [];
    private readonly HashSet<(string Chip, int Line)> _usedLines = [];

    /// <param name="openChip">Opens the driver of the chip with a label (libgpiod on a board, a simulated chip for <c>sim</c>); throws <see cref="InvalidOperationException"/> when there is none.</param>
    /// <param name="openPwm">Opens a PWM pin's channel (sysfs PWM on a board).</param>
    public GpioBridge(IReadOnlyList<GpioPinOptions> pins, Func<string, GpioDriver> openChip, Func<GpioPinOptions, PwmChannel> openPwm, TimeProvider time, ILogger logger)
    {
        _pins = pins;
        _openChip = openChip;
        _openPwm = openPwm;
        _logger = logger;
        _session = new LocalSession("gpio", logger);
        _events = new GpioEvents(_session, time);
    }

    /// <summary>The names of the pins that opened.</summary>
    public IReadOnlyList<string> AttachedPins => [.. _bridged.Select(pin => pin.Name)];

    /// <summary>State events published.</summary>
    public long Publications => _events.Published;

    public async Task StartAsync(WampRouter router, AuthMethods authMethods, string realm, CancellationToken cancellationToken, string? authRole = null)
    {
        foreach (GpioPinOptions pin in _pins)
        {
            try
            {
                _bridged.Add(Open(pin));
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException or DllNotFoundException)
            {
                _logger.GpioPinFailed(pin.Name, exception.Message);
            }
        }

        if (_bridged.Count == 0)
        {
            return;
        }

        await _session.JoinAsync(router, authMethods, realm, cancellationToken, authRole).ConfigureAwait(false);
        foreach (IBridgedPin pin in _bridged)
        {
            await pin.RegisterAsync(_session, cancellationToken).ConfigureAwait(false);
            pin.PublishState();
        }

        _logger.GpioAttached(_bridged.Count, string.Join(", ", AttachedPins));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IBridgedPin pin in _bridged)
        {
            try
            {
                pin.ApplySafeState();
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or ArgumentException)
            {
                _logger.GpioSafeStateFailed(pin.Name, exception.Message);
            }
        }

        await _session.DisposeAsync().ConfigureAwait(false);
        foreach (IBridgedPin pin in _bridged)
        {
            (pin as IDisposable)?.Dispose();
        }

        foreach (GpioController controller in _controllers.Values)
        {
            controller.Dispose();
        }

        _bridged.Clear();
        _controllers.Clear();
        _events.Dispose();
    }

    private IBridgedPin Open(GpioPinOptions pin)
    {
        if (pin.Kind == GpioPinKind.Pwm)
        {
            return new PwmOutputPin(pin, _openPwm(pin), _events);
        }

        // The kernel refuses a second request for a line (EBUSY); within one controller the library would not.
        if (!_usedLines.Add((pin.Chip, pin.Line)))
        {
            throw new InvalidOperationException($"line {pin.Line} on {pin.Chip} is already used by another pin");
        }

        if (!_controllers.TryGetValue(pin.Chip, out GpioController? controller))
        {
            GpioDriver driver = _openChip(pin.Chip);
            controller = new GpioController(driver);
            _controllers.Add(pin.Chip, controller);
            _chipDrivers.Add(pin.Chip, driver);
        }

        return pin.Kind == GpioPinKind.Output
            ? new DigitalOutputPin(pin, controller, _events)
            : new DigitalInputPin(pin, controller, _chipDrivers[pin.Chip] as SimulatedGpioDriver, _events);
    }
}
