using EdgeWamp.Devices.Lines;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Transports.Serial;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// Joins a serial line (Transports) to a line bridge (Devices), which know nothing of each other: lines go from the
/// port to the bridge, and the bridge's write procedure goes back to the port.
/// </summary>
internal sealed class LineBridgeConnector : ISerialLineHandler, ILineWriter
{
    public LineBridge? Bridge { get; set; }

    public SerialLineListener? Port { get; set; }

    public void OnLine(ReadOnlySpan<byte> line) => Bridge?.OnLine(line);

    public bool TryWriteLine(ReadOnlySpan<byte> line) => Port?.TryWriteLine(line) == WriteResult.Written;
}
