namespace EdgeWamp.Host.Configuration;

/// <summary>Identities a permission forces into messages, whatever the client asked (config: <c>permissions[].disclose</c>).</summary>
internal sealed class DisclosureConfig
{
    /// <summary>INVOCATIONs of calls this permission allows name the caller (session, authid, authrole).</summary>
    /// <remarks>Defaults to false.</remarks>
    public bool Caller { get; set; }

    /// <summary>EVENTs of publications this permission allows name the publisher (session, authid, authrole).</summary>
    /// <remarks>Defaults to false.</remarks>
    public bool Publisher { get; set; }
}
