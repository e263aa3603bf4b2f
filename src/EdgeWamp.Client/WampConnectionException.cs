namespace EdgeWamp.Client;

/// <summary>The connection to the router could not be made or broke: the transport, the handshake, or the session opening.</summary>
public sealed class WampConnectionException : Exception
{
    public WampConnectionException()
    {
    }

    public WampConnectionException(string message)
        : base(message)
    {
    }

    public WampConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
