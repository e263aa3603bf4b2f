namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// A sensor read from sysfs attributes. The device is looked up on the first read and again after any failure
/// (device numbers change when a device is re-plugged). Reading an attribute blocks while the kernel driver talks
/// to the chip (tens of milliseconds for an I2C sensor), so reads run on the thread pool, not the caller's thread.
/// </summary>
internal abstract class SysfsSensor : ISensorDriver
{
    private SysfsValue[]? _values;

    public abstract IReadOnlyList<SensorQuantity> Quantities { get; }

    public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken) =>
        new(Task.Run(() => Read(values), cancellationToken));

    private void Read(double[] values)
    {
        try
        {
            SysfsValue[] sources = _values ??= Open();
            for (int i = 0; i < sources.Length; i++)
            {
                values[i] = sources[i].Read();
            }
        }
        catch (SensorException)
        {
            _values = null;
            throw;
        }
    }

    public void Dispose()
    {
        _values = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Finds the device and returns one source per quantity, in <see cref="Quantities"/> order.</summary>
    protected abstract SysfsValue[] Open();
}
