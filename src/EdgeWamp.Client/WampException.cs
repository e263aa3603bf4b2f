namespace EdgeWamp.Client;

/// <summary>A WAMP ERROR: the router or a callee refused a request with an error URI (and maybe a payload).</summary>
public sealed class WampException : Exception
{
    public WampException()
        : this("wamp.error.runtime_error")
    {
    }

    public WampException(string error)
        : this(error, WampPayload.Empty)
    {
    }

    public WampException(string error, Exception innerException)
        : base(error, innerException)
    {
        Error = error;
    }

    public WampException(string error, WampPayload payload)
        : base(error)
    {
        Error = error;
        Payload = payload;
    }

    /// <summary>The error URI, e.g. <c>wamp.error.no_such_procedure</c>.</summary>
    public string Error { get; }

    public WampPayload Payload { get; }
}
