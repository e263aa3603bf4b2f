namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// One physical or simulated sensor: reads every quantity it measures in one go, in SI units
/// (°C, %RH, Pa, V, lx, ...). Implementations throw <see cref="SensorException"/> for a missing device, a failed
/// transfer or a CRC error; the caller logs it, publishes the status and retries with backoff.
/// </summary>
public interface ISensorDriver : IDisposable
{
    /// <summary>The quantities this sensor measures, in the order <see cref="ReadAsync"/> fills them.</summary>
    IReadOnlyList<SensorQuantity> Quantities { get; }

    /// <summary>Reads all quantities once into <paramref name="values"/> (length = <see cref="Quantities"/>.Count).</summary>
    ValueTask ReadAsync(double[] values, CancellationToken cancellationToken);
}
