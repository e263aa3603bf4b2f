using EdgeWamp.Devices.Gpio;
using EdgeWamp.Devices.Sensors;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// The device bridge: the board's pins and sensors and the system metrics, each attached to the router as an in-process
/// session (docs/devices.md). Registered after <see cref="RouterService"/>, so it starts after the listeners and stops
/// before the router says GOODBYE, putting outputs in their safe state first.
/// </summary>
/// <remarks>
/// The device sessions join with the router-internal method "trusted", whatever the listeners' authentication: with
/// <c>devices.authrole</c> they get that role of the realm, else the built-in role "trusted" (everything allowed).
/// A refusal is logged and the router runs on. Nothing here stops the router.
/// </remarks>
internal sealed class DeviceService : IHostedPart, IAsyncDisposable
{
    private readonly EdgeWampConfig _config;
    private readonly WampRouter _router;
    private readonly ILogger<DeviceService> _logger;
    private readonly ILogger _devicesLogger;
    private GpioBridge? _gpio;
    private SensorPublisher? _sensors;

    public DeviceService(EdgeWampConfig config, WampRouter router, ILogger<DeviceService> logger, ILoggerFactory loggerFactory)
    {
        _config = config;
        _router = router;
        _logger = logger;
        _devicesLogger = loggerFactory.CreateLogger("EdgeWamp.Devices");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!BoardLoader.TryLoad(_config.Board, out BoardConfig? board, out IReadOnlyList<ConfigError> errors))
        {
            // check-config and run validate the board first; a file changed since then gets here.
            _logger.DevicesNotAttached(string.Join("; ", errors));
            return;
        }

        if (_config.Realms.Count == 0)
        {
            return;
        }

        DevicesConfig devices = _config.Devices;
        string realm = devices.Realm ?? _config.Realms[0].Name;
        List<GpioPinOptions> pins = DeviceSetup.Pins(board!, devices);
        List<PublishedSensor> sensors = DeviceSetup.Sensors(board!, devices, TimeProvider.System, _devicesLogger);
        _logger.DevicesStarting(board!.Name, pins.Count, sensors.Count - (devices.System.Enabled ? 1 : 0), devices.System.Enabled ? "on" : "off", realm);
        _gpio = new GpioBridge(pins, label => DeviceSetup.OpenChip(label, devices.SysfsRoot), DeviceSetup.OpenPwm, TimeProvider.System, _devicesLogger);
        _sensors = new SensorPublisher(sensors, TimeProvider.System, _devicesLogger);
        try
        {
            await _gpio.StartAsync(_router, AuthMethods.Trusted, realm, cancellationToken, devices.Authrole).ConfigureAwait(false);
            // No sensors and no system metrics ("board": "none"): no session with nothing to publish.
            if (sensors.Count > 0)
            {
                await _sensors.StartAsync(_router, AuthMethods.Trusted, realm, cancellationToken, devices.Authrole).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException exception)
        {
            // The router refused the device session (its role was removed since validation), or a registration was refused.
            _logger.DevicesNotAttached(exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        SensorPublisher? sensors = Interlocked.Exchange(ref _sensors, null);
        if (sensors is not null)
        {
            await sensors.DisposeAsync().ConfigureAwait(false);
        }

        GpioBridge? gpio = Interlocked.Exchange(ref _gpio, null);
        if (gpio is not null)
        {
            await gpio.DisposeAsync().ConfigureAwait(false);
        }
    }
}
