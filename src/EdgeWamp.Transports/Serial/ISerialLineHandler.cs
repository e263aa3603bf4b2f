namespace EdgeWamp.Transports.Serial;

/// <summary>Receives the text lines a plain (non-WAMP) serial device prints. Calls come from the link's reader thread.</summary>
public interface ISerialLineHandler
{
    /// <summary>One line, without its line ending (LF, or CR LF). The span is valid only during the call.</summary>
    void OnLine(ReadOnlySpan<byte> line);
}
