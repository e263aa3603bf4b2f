using EdgeWamp.Protocol.Codec;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Broker;

/// <summary>
/// Subscriber black- and whitelisting (WAMP spec, "Subscriber Black- and Whitelisting"): PUBLISH.Options
/// exclude / eligible (session ids), exclude_authid / eligible_authid, exclude_authrole / eligible_authrole.
/// A subscriber receives the event only if no exclude list names it and every eligible list present names it.
/// </summary>
/// <remarks>The lists stay encoded in the PUBLISH; each check scans them, which allocates nothing.</remarks>
internal readonly ref struct EligibilityRules
{
    private readonly DetailsReader _options;
    private readonly Lists _present;

    public EligibilityRules(DetailsReader options)
    {
        _options = options;
        _present = (Has(options, "exclude"u8) ? Lists.Exclude : 0)
            | (Has(options, "eligible"u8) ? Lists.Eligible : 0)
            | (Has(options, "exclude_authid"u8) ? Lists.ExcludeAuthId : 0)
            | (Has(options, "eligible_authid"u8) ? Lists.EligibleAuthId : 0)
            | (Has(options, "exclude_authrole"u8) ? Lists.ExcludeAuthRole : 0)
            | (Has(options, "eligible_authrole"u8) ? Lists.EligibleAuthRole : 0);
    }

    [Flags]
    private enum Lists : byte
    {
        Exclude = 1,
        Eligible = 2,
        ExcludeAuthId = 4,
        EligibleAuthId = 8,
        ExcludeAuthRole = 16,
        EligibleAuthRole = 32,
    }

    public bool IsEmpty => _present == 0;

    /// <summary>The publication names sessions by id (exclude or eligible).</summary>
    public bool FiltersBySessionId => (_present & (Lists.Exclude | Lists.Eligible)) != 0;

    public bool Admits(WampSession subscriber)
    {
        if (_present == 0)
        {
            return true;
        }

        ReadOnlySpan<byte> authRole = subscriber.Role!.Utf8Name;
        return !(Present(Lists.Exclude) && _options.ListContainsUInt64("exclude"u8, subscriber.Id))
            && !(Present(Lists.Eligible) && !_options.ListContainsUInt64("eligible"u8, subscriber.Id))
            && !(Present(Lists.ExcludeAuthId) && _options.ListContainsString("exclude_authid"u8, subscriber.Utf8AuthId))
            && !(Present(Lists.EligibleAuthId) && !_options.ListContainsString("eligible_authid"u8, subscriber.Utf8AuthId))
            && !(Present(Lists.ExcludeAuthRole) && _options.ListContainsString("exclude_authrole"u8, authRole))
            && !(Present(Lists.EligibleAuthRole) && !_options.ListContainsString("eligible_authrole"u8, authRole));
    }

    private bool Present(Lists list) => (_present & list) != 0;

    private static bool Has(DetailsReader options, ReadOnlySpan<byte> key) => options.TryGetKind(key, out _);
}
