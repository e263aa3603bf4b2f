namespace EdgeWamp.Host.Hosting;

/// <summary>A listener could not start (address in use, no permission): the router does not run half-configured.</summary>
internal sealed class ListenerStartException : Exception
{
    public ListenerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
