using EdgeWamp.Protocol.Codec;

namespace EdgeWamp.Router.Sessions;

/// <summary>The advanced features a client announced in HELLO.Details.roles that change how the router talks to it.</summary>
[Flags]
public enum PeerFeatures : ushort
{
    None = 0,

    /// <summary>roles.callee.features.call_canceling: the callee understands INTERRUPT.</summary>
    CalleeCallCanceling = 1,

    /// <summary>roles.callee.features.progressive_call_results: the callee may YIELD with progress.</summary>
    CalleeProgressiveCallResults = 2,

    /// <summary>roles.callee.features.progressive_call_invocations: the callee accepts INVOCATIONs with progress.</summary>
    CalleeProgressiveCallInvocations = 4,

    /// <summary>roles.caller.features.progressive_call_invocations: the caller may send CALLs with progress.</summary>
    CallerProgressiveCallInvocations = 8,

    /// <summary>roles.subscriber.features.subscription_revocation: the subscriber understands a revoking UNSUBSCRIBED.</summary>
    SubscriberSubscriptionRevocation = 16,

    /// <summary>roles.callee.features.registration_revocation: the callee understands a revoking UNREGISTERED.</summary>
    CalleeRegistrationRevocation = 32,

    /// <summary>payload_passthru_mode announced for the role that sends it (publisher, caller or callee).</summary>
    PublisherPassthru = 64,

    CallerPassthru = 128,

    CalleePassthru = 256,
}

/// <summary>Reads <see cref="PeerFeatures"/> from HELLO.Details.</summary>
internal static class PeerFeaturesReader
{
    public static PeerFeatures Read(DetailsReader helloDetails)
    {
        PeerFeatures features = PeerFeatures.None;
        if (!helloDetails.TryGetMap("roles"u8, out DetailsReader roles))
        {
            return features;
        }

        DetailsReader caller = Features(roles, "caller"u8);
        DetailsReader callee = Features(roles, "callee"u8);
        DetailsReader publisher = Features(roles, "publisher"u8);
        DetailsReader subscriber = Features(roles, "subscriber"u8);

        // The spec spells it call_canceling; one of its sections writes call_cancelling: accept both.
        features |= Flag(callee, "call_canceling"u8, PeerFeatures.CalleeCallCanceling) | Flag(callee, "call_cancelling"u8, PeerFeatures.CalleeCallCanceling);
        features |= Flag(callee, "progressive_call_results"u8, PeerFeatures.CalleeProgressiveCallResults);
        features |= Flag(callee, "progressive_call_invocations"u8, PeerFeatures.CalleeProgressiveCallInvocations);
        features |= Flag(caller, "progressive_call_invocations"u8, PeerFeatures.CallerProgressiveCallInvocations);
        features |= Flag(subscriber, "subscription_revocation"u8, PeerFeatures.SubscriberSubscriptionRevocation);
        features |= Flag(callee, "registration_revocation"u8, PeerFeatures.CalleeRegistrationRevocation);
        features |= Flag(publisher, "payload_passthru_mode"u8, PeerFeatures.PublisherPassthru);
        features |= Flag(caller, "payload_passthru_mode"u8, PeerFeatures.CallerPassthru);
        features |= Flag(callee, "payload_passthru_mode"u8, PeerFeatures.CalleePassthru);
        return features;
    }

    private static DetailsReader Features(DetailsReader roles, ReadOnlySpan<byte> role) =>
        roles.TryGetMap(role, out DetailsReader details) && details.TryGetMap("features"u8, out DetailsReader features) ? features : default;

    private static PeerFeatures Flag(DetailsReader features, ReadOnlySpan<byte> name, PeerFeatures flag) =>
        features.TryGetBoolean(name, out bool announced) && announced ? flag : PeerFeatures.None;
}
