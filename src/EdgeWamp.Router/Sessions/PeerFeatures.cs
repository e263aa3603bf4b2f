using EdgeWamp.Protocol.Codec;

namespace EdgeWamp.Router.Sessions;

/// <summary>The advanced features a client announced in HELLO.Details.roles that change how the router talks to it.</summary>
[Flags]
public enum PeerFeatures : byte
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

        if (roles.TryGetMap("caller"u8, out DetailsReader caller) && caller.TryGetMap("features"u8, out DetailsReader callerFeatures)
            && callerFeatures.TryGetBoolean("progressive_call_invocations"u8, out bool callerInvocations) && callerInvocations)
        {
            features |= PeerFeatures.CallerProgressiveCallInvocations;
        }

        if (roles.TryGetMap("callee"u8, out DetailsReader callee) && callee.TryGetMap("features"u8, out DetailsReader calleeFeatures))
        {
            if (calleeFeatures.TryGetBoolean("progressive_call_invocations"u8, out bool calleeInvocations) && calleeInvocations)
            {
                features |= PeerFeatures.CalleeProgressiveCallInvocations;
            }

            // The spec spells it call_canceling; one of its sections writes call_cancelling: accept both.
            if ((calleeFeatures.TryGetBoolean("call_canceling"u8, out bool canceling) && canceling)
                || (calleeFeatures.TryGetBoolean("call_cancelling"u8, out bool cancelling) && cancelling))
            {
                features |= PeerFeatures.CalleeCallCanceling;
            }

            if (calleeFeatures.TryGetBoolean("progressive_call_results"u8, out bool progressive) && progressive)
            {
                features |= PeerFeatures.CalleeProgressiveCallResults;
            }
        }

        return features;
    }
}
