namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// Stands in for a sensor whose driver could not be created (bad options, a driver missing from this build): every
/// read fails with the reason, so it is logged once and published on the sensor's status topic like any failure.
/// </summary>
public sealed class UnavailableSensor : ISensorDriver
{
    private readonly string _reason;

    public UnavailableSensor(string reason)
    {
        _reason = reason;
    }

    public IReadOnlyList<SensorQuantity> Quantities => [];

    public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken) => throw new SensorException(_reason);

    public void Dispose()
    {
    }
}
