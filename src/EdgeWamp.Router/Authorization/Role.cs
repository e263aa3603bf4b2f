namespace EdgeWamp.Router.Authorization;

/// <summary>A named set of permission rules within a realm. Anything no rule allows is denied.</summary>
public sealed class Role
{
    public Role(string name, IReadOnlyList<PermissionRule> permissions, int? trustLevel = null)
    {
        TrustLevel = trustLevel;
        Name = name;
        Utf8Name = System.Text.Encoding.UTF8.GetBytes(name);
        Permissions = permissions;
    }

    /// <summary>
    /// The built-in role of the router's in-process components that name no role of their own: everything allowed,
    /// like Crossbar's trusted router components. It is no role of any realm, so a configuration cannot change it.
    /// </summary>
    public static Role Trusted { get; } = new("trusted", [new PermissionRule("", UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)]);

    public string Name { get; }

    /// <summary>The name as written into messages (authrole).</summary>
    public byte[] Utf8Name { get; }

    public IReadOnlyList<PermissionRule> Permissions { get; }

    /// <summary>
    /// A procedure that decides what the static <see cref="Permissions"/> do not allow (dynamic authorization,
    /// docs/security.md); null for none.
    /// </summary>
    public string? Authorizer { get; init; }

    /// <summary>How long the router waits for <see cref="Authorizer"/>'s answer before it denies.</summary>
    /// <remarks>Defaults to 5 seconds.</remarks>
    public TimeSpan AuthorizerTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The trust level the router vouches for in EVENT and INVOCATION details (publication and call trust levels); null for none.</summary>
    public int? TrustLevel { get; }

    public bool IsAllowed(WampAction action, ReadOnlySpan<byte> uri) => IsAllowed(action, uri, out _);

    /// <summary>
    /// Whether a rule allows <paramref name="action"/> on <paramref name="uri"/>; <paramref name="forceDisclosure"/> is true
    /// when an allowing rule forces the caller's (for call) or publisher's (for publish) identity to be disclosed.
    /// </summary>
    public bool IsAllowed(WampAction action, ReadOnlySpan<byte> uri, out bool forceDisclosure)
    {
        RuleDisclosure wanted = action switch
        {
            WampAction.Call => RuleDisclosure.Caller,
            WampAction.Publish => RuleDisclosure.Publisher,
            _ => RuleDisclosure.None,
        };
        bool allowed = false;
        forceDisclosure = false;

        // A for loop over the list: no enumerator boxing through the interface. Past the first allowing rule the scan
        // goes on only when disclosure could still be forced by another.
        for (int i = 0; i < Permissions.Count; i++)
        {
            PermissionRule rule = Permissions[i];
            if ((rule.Allow & action) != 0 && rule.Matches(uri))
            {
                allowed = true;
                forceDisclosure |= (rule.Disclose & wanted) != 0;
                if (forceDisclosure || wanted == RuleDisclosure.None)
                {
                    return true;
                }
            }
        }

        return allowed;
    }
}
