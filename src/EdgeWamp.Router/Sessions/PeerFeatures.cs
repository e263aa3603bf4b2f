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
}

/// <summary>Reads <see cref="PeerFeatures"/> from HELLO.Details.</summary>
internal static class PeerFeaturesReader
{
    public static PeerFeatures Read(DetailsReader helloDetails)
    {
        PeerFeatures features = PeerFeatures.None;
        if (helloDetails.TryGetMap("roles"u8, out DetailsReader roles)
            && roles.TryGetMap("callee"u8, out DetailsReader callee)
            && callee.TryGetMap("features"u8, out DetailsReader calleeFeatures))
        {
            if (calleeFeatures.TryGetBoolean("call_canceling"u8, out bool canceling) && canceling)
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
