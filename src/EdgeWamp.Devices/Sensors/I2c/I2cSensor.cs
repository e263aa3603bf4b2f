using System.Device.I2c;
using System.Globalization;

namespace EdgeWamp.Devices.Sensors.I2c;

/// <summary>
/// A sensor on an I2C bus. Steps of a read:
/// 1. open the device (first read, or the first read after a failure) and configure the chip;
/// 2. measure;
/// 3. on a failed transfer or a bad answer, close the device and throw <see cref="SensorException"/>, so the
///    caller's next read (after its backoff) opens and configures the chip afresh — a re-plugged or power-cycled
///    chip has lost its configuration.
/// Nothing touches the bus before the first read: the chip may be unplugged when the router starts.
/// </summary>
internal abstract class I2cSensor : ISensorDriver
{
    private readonly SensorEnvironment _environment;
    private I2cDevice? _device;

    protected I2cSensor(SensorEnvironment environment, int bus, int address, TimeProvider time)
    {
        _environment = environment;
        Bus = bus;
        Address = address;
        Time = time;
    }

    public int Bus { get; }

    public int Address { get; }

    public abstract IReadOnlyList<SensorQuantity> Quantities { get; }

    protected TimeProvider Time { get; }

    /// <summary>The chip's name for messages ("BME280").</summary>
    protected abstract string Chip { get; }

    public async ValueTask ReadAsync(double[] values, CancellationToken cancellationToken)
    {
        try
        {
            if (_device is not { } device)
            {
                device = _environment.OpenI2c(Bus, Address);
                _device = device;
                await ConfigureAsync(device, cancellationToken).ConfigureAwait(false);
            }

            await MeasureAsync(device, values, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or ArgumentException or PlatformNotSupportedException)
        {
            // UnixI2cDevice throws IOException ("Error 121 performing I2C data transfer.") for a NACK or a missing
            // /dev/i2c-N, UnauthorizedAccessException without permission, ArgumentException for a bad bus number;
            // a machine without Linux I2C throws PlatformNotSupportedException.
            Close();
            throw new SensorException(string.Create(CultureInfo.InvariantCulture, $"{Chip} on i2c-{Bus} at 0x{Address:x2}: {e.Message}"), e);
        }
        catch
        {
            // A SensorException (bad answer), or a cancellation that may have cut the configuration short: either
            // way the chip's state is unknown, so the next read starts afresh.
            Close();
            throw;
        }
    }

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <summary>Checks the chip's identity and writes its configuration; called after every (re)open.</summary>
    protected abstract ValueTask ConfigureAsync(I2cDevice device, CancellationToken cancellationToken);

    /// <summary>Measures every quantity into <paramref name="values"/>.</summary>
    protected abstract ValueTask MeasureAsync(I2cDevice device, double[] values, CancellationToken cancellationToken);

    /// <summary>
    /// Waits at least <paramref name="delay"/>: rounded up to whole milliseconds, because Task.Delay truncates to
    /// milliseconds and a datasheet's maximum conversion time must not be cut short.
    /// </summary>
    protected Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)), Time, cancellationToken);

    private void Close()
    {
        I2cDevice? device = _device;
        _device = null;
        device?.Dispose();
    }
}
