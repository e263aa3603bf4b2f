namespace EdgeWamp.Host.Configuration;

/// <summary>A named set of permissions inside one realm.</summary>
internal sealed class RoleConfig
{
    /// <summary>The role's name, unique within its realm.</summary>
    /// <remarks>Required.</remarks>
    public required string Name { get; set; }

    /// <summary>What sessions with this role may do.</summary>
    /// <remarks>Defaults to none: a role with no permissions may do nothing.</remarks>
    public IReadOnlyList<PermissionConfig> Permissions { get; set; } = [];

    /// <summary>The trust level the router vouches for when this role publishes or calls (EVENT and INVOCATION Details.trustlevel).</summary>
    /// <remarks>Defaults to none: no trustlevel is sent. An integer from 0 (least trusted) upwards.</remarks>
    public int? Trustlevel { get; set; }

    /// <summary>
    /// A procedure, registered by a trusted session in the same realm, that decides the actions <see cref="Permissions"/>
    /// do not allow; called with (session details, uri, action), it answers true, false or {allow, disclose, cache}.
    /// </summary>
    /// <remarks>Defaults to none: only <see cref="Permissions"/> count.</remarks>
    public string? Authorizer { get; set; }

    /// <summary>Milliseconds the router waits for <see cref="Authorizer"/> before it denies.</summary>
    /// <remarks>Defaults to 5000; 1 to 60000.</remarks>
    public int AuthorizerTimeoutMs { get; set; } = 5000;
}
