using System.Text;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// What the <see cref="SensorPublisher"/> knows of one sensor: the latest reading of each quantity (for its read
/// procedure), what was last published (for thresholds), and its failure streak (for backoff and status).
/// </summary>
internal sealed class SensorState
{
    private readonly Lock _lock = new();

    public SensorState(PublishedSensor sensor)
    {
        Sensor = sensor;
        int count = sensor.Driver.Quantities.Count;
        Scratch = new double[count];
        Values = new double[count];
        ReadAt = new long[count];
        LastPublished = new double[count];
        LastPublishedAt = new long[count];
        QuantityNames = new byte[count][];
        Units = new byte[count][];
        Topics = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            SensorQuantity quantity = sensor.Driver.Quantities[i];
            QuantityNames[i] = Encoding.UTF8.GetBytes(quantity.Name);
            Units[i] = Encoding.UTF8.GetBytes(quantity.Unit);
            Topics[i] = Encoding.UTF8.GetBytes(sensor.TopicPrefix + quantity.Name);
        }

        StatusTopic = Encoding.UTF8.GetBytes(sensor.StatusTopic);
    }

    public PublishedSensor Sensor { get; }

    /// <summary>What the driver fills on each read.</summary>
    public double[] Scratch { get; }

    /// <summary>The latest good value of each quantity; read under the lock by the read procedure.</summary>
    public double[] Values { get; }

    /// <summary>When each value was read (Unix ms); 0 until the first good reading.</summary>
    public long[] ReadAt { get; }

    public double[] LastPublished { get; }

    /// <summary>When each quantity was last published (Unix ms); 0 before the first time.</summary>
    public long[] LastPublishedAt { get; }

    public byte[][] QuantityNames { get; }

    public byte[][] Units { get; }

    public byte[][] Topics { get; }

    public byte[] StatusTopic { get; }

    /// <summary>Failed reads in a row; 0 while the sensor works.</summary>
    public int Failures { get; set; }

    /// <summary>The current failure's message, or null while the sensor works.</summary>
    public string? Error { get; set; }

    public DateTimeOffset NextDue { get; set; }

    /// <summary>Stores a good value of quantity <paramref name="index"/>.</summary>
    public void Store(int index, double value, long timestamp)
    {
        lock (_lock)
        {
            Values[index] = value;
            ReadAt[index] = timestamp;
        }
    }

    /// <summary>The read procedure: the latest reading of every quantity, or an error while there is none.</summary>
    public string? Read(ReadOnlySpan<byte> arguments, int count, OutputBuffer result, out int resultCount)
    {
        lock (_lock)
        {
            if (Array.TrueForAll(ReadAt, static at => at == 0))
            {
                resultCount = 0;
                return SensorErrors.Unavailable;
            }

            resultCount = SensorPayload.WriteReadings(result, this);
            return null;
        }
    }
}
