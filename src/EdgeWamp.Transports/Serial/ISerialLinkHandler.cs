namespace EdgeWamp.Transports.Serial;

/// <summary>What runs on an open serial line: the WAMP link or the line bridge. All calls come from the reader thread.</summary>
internal interface ISerialLinkHandler
{
    /// <summary>The device was (re)opened; nothing has been read from it yet.</summary>
    void OnOpened();

    /// <summary>Bytes read from the line.</summary>
    void OnReceived(ReadOnlySpan<byte> bytes, long timestamp);

    /// <summary>Called after every read and at least every <see cref="SerialPortRunner.TickMilliseconds"/>: timers run here.</summary>
    void OnTick(long timestamp);

    /// <summary>The device went away (or the link is stopping) and is closed.</summary>
    void OnClosed();
}
