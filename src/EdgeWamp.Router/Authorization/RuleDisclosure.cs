namespace EdgeWamp.Router.Authorization;

/// <summary>Identities a permission rule forces into messages (config: <c>disclose</c>), whatever the client asked.</summary>
[Flags]
public enum RuleDisclosure : byte
{
    None = 0,

    /// <summary>INVOCATIONs of calls this rule allows name the caller (as if CALL.Options.disclose_me were true).</summary>
    Caller = 1,

    /// <summary>EVENTs of publications this rule allows name the publisher (as if PUBLISH.Options.disclose_me were true).</summary>
    Publisher = 2,
}
