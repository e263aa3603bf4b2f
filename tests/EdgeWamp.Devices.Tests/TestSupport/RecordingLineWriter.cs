using System.Collections.Concurrent;
using System.Text;
using EdgeWamp.Devices.Lines;

namespace EdgeWamp.Devices.Tests.TestSupport;

/// <summary>The device side of the write procedure: records each line, or refuses when unplugged.</summary>
internal sealed class RecordingLineWriter : ILineWriter
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public bool Connected { get; set; } = true;

    public bool TryWriteLine(ReadOnlySpan<byte> line)
    {
        if (!Connected)
        {
            return false;
        }

        Lines.Enqueue(Encoding.UTF8.GetString(line));
        return true;
    }
}
