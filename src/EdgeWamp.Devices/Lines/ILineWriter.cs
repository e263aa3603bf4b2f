namespace EdgeWamp.Devices.Lines;

/// <summary>Writes one line to the device (the line ending is added by the writer).</summary>
public interface ILineWriter
{
    /// <returns>false when the device is not connected or its output queue is full.</returns>
    bool TryWriteLine(ReadOnlySpan<byte> line);
}
