using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// A decoded message header: everything but the payload, which stays encoded. All spans are slices of the
/// frame being dispatched (or of the decoder's scratch span) and must not outlive it.
/// </summary>
/// <remarks>
/// Element mapping (WAMP spec, Basic and Advanced Profile message definitions):
/// <code>
/// type          FirstId            SecondId        Text           Details   Payload
/// HELLO         -                  -               Realm          Details
/// WELCOME       Session            -               -              Details
/// ABORT         -                  -               Reason         Details
/// CHALLENGE     -                  -               AuthMethod     Extra
/// AUTHENTICATE  -                  -               Signature      Extra
/// GOODBYE       -                  -               Reason         Details
/// ERROR         Request            -               Error          Details   yes  (+ RequestType)
/// PUBLISH       Request            -               Topic          Options   yes
/// PUBLISHED     Request            Publication
/// SUBSCRIBE     Request            -               Topic          Options
/// SUBSCRIBED    Request            Subscription
/// UNSUBSCRIBE   Request            Subscription
/// UNSUBSCRIBED  Request            -               -              Details (optional)
/// EVENT         Subscription       Publication     -              Details   yes
/// CALL          Request            -               Procedure      Options   yes
/// CANCEL        Request            -               -              Options
/// RESULT        Request            -               -              Details   yes
/// REGISTER      Request            -               Procedure      Options
/// REGISTERED    Request            Registration
/// UNREGISTER    Request            Registration
/// UNREGISTERED  Request            -               -              Details (optional)
/// INVOCATION    Request            Registration    -              Details   yes
/// INTERRUPT     Request            -               -              Options
/// YIELD         Request            -               -              Options   yes
/// </code>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1051", Justification = "A plain record of decoded fields, filled in place by the decoder without copies.")]
public ref struct MessageHeader
{
    public WampMessageType Type;

    /// <summary>ERROR only: the type of the message the error answers.</summary>
    public WampMessageType RequestType;

    public ulong FirstId;

    public ulong SecondId;

    /// <summary>The message's URI or string element (realm, topic, procedure, reason, error, auth method, signature).</summary>
    public ReadOnlySpan<byte> Text;

    /// <summary>The Details or Options map, still encoded in <see cref="Serializer"/>; empty when the message has none.</summary>
    public ReadOnlySpan<byte> Details;

    /// <summary>Arguments and ArgumentsKw, still encoded: <see cref="PayloadCount"/> consecutive items (0, 1 or 2).</summary>
    public ReadOnlySpan<byte> Payload;

    public int PayloadCount;

    public WampSerializer Serializer;

    public readonly EncodedPayload EncodedPayload => new(Serializer, Payload, PayloadCount);

    public readonly DetailsReader DetailsReader => new(Serializer, Details);
}
