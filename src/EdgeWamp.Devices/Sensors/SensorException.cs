namespace EdgeWamp.Devices.Sensors;

/// <summary>A sensor could not be read: the message says why in one line (missing device, I/O error, CRC mismatch).</summary>
public sealed class SensorException : Exception
{
    public SensorException()
    {
    }

    public SensorException(string message)
        : base(message)
    {
    }

    public SensorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
