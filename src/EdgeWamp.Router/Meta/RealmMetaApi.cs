using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Broker;
using EdgeWamp.Router.Dealer;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Meta;

/// <summary>
/// The realm's meta API (WAMP spec, Advanced Profile "Session Meta API", "Subscription Meta API", "Registration
/// Meta API", "Testament"): procedures under <c>wamp.</c> that the router answers itself, and the meta events it
/// publishes. Runs under the realm's lock.
/// </summary>
internal sealed partial class RealmMetaApi : IRoutingEvents, IDisposable
{
    private readonly IReadOnlyDictionary<ulong, WampSession> _sessions;
    private readonly WampBroker _broker;
    private readonly WampDealer _dealer;
    private readonly RealmOutput _output;
    private readonly Action<WampSession, string, string?> _kill;

    // Meta events are composed once in CBOR, then delivered (and transcoded) like any publication.
    private readonly OutputBuffer _eventPayload = new(512);
    private readonly List<ulong> _ids = [];
    private readonly List<ulong> _prefixIds = [];
    private readonly List<ulong> _wildcardIds = [];
    private readonly List<Subscription> _subscriberProbe = [];
    private readonly List<WampSession> _victims = [];

    public RealmMetaApi(IReadOnlyDictionary<ulong, WampSession> sessions, WampBroker broker, WampDealer dealer, RealmOutput output, Action<WampSession, string, string?> kill)
    {
        _kill = kill;
        _sessions = sessions;
        _broker = broker;
        _dealer = dealer;
        _output = output;
        broker.Events = this;
        dealer.Events = this;
    }

    /// <summary>Answers a CALL to a <c>wamp.</c> procedure; returns false when no such meta procedure exists.</summary>
    public bool TryCall(WampSession caller, scoped in MessageHeader message)
    {
        ReadOnlySpan<byte> procedure = message.Text;
        if (!procedure.StartsWith("wamp."u8))
        {
            return false;
        }

        ulong requestId = message.FirstId;
        if (!caller.IsAllowed(WampAction.Call, procedure, out _))
        {
            _output.SendError(caller, WampMessageType.Call, requestId, WampErrors.NotAuthorized, default);
            return true;
        }

        var arguments = new ArgumentsReader(message.EncodedPayload);
        return TryCallSessionApi(caller, requestId, procedure, arguments)
            || TryCallSubscriptionApi(caller, requestId, procedure, arguments)
            || TryCallRegistrationApi(caller, requestId, procedure, arguments)
            || TryCallTestamentApi(caller, requestId, procedure, arguments);
    }

    /// <summary>wamp.session.on_join: [details].</summary>
    public void SessionJoined(WampSession session) => Publish("wamp.session.on_join"u8, new SessionDetailsPayload(session));

    /// <summary>Testaments first (the session's last words), then wamp.session.on_leave: [session, authid, authrole].</summary>
    public void SessionLeft(WampSession session)
    {
        PublishTestaments(session);
        Publish("wamp.session.on_leave"u8, new SessionLeftPayload(session.Id, session.Utf8AuthId, session.Role!.Utf8Name));
    }

    public void SubscriptionCreated(WampSession session, Subscription subscription) =>
        Publish("wamp.subscription.on_create"u8, Describe(session.Id, subscription));

    public void Subscribed(WampSession session, Subscription subscription) =>
        Publish("wamp.subscription.on_subscribe"u8, new IdPairPayload(session.Id, subscription.Id));

    public void Unsubscribed(WampSession session, Subscription subscription) =>
        Publish("wamp.subscription.on_unsubscribe"u8, new IdPairPayload(session.Id, subscription.Id));

    public void SubscriptionDeleted(WampSession session, Subscription subscription) =>
        Publish("wamp.subscription.on_delete"u8, new IdPairPayload(session.Id, subscription.Id));

    public void RegistrationCreated(WampSession session, Registration registration) =>
        Publish("wamp.registration.on_create"u8, Describe(session.Id, registration));

    public void Registered(WampSession session, Registration registration) =>
        Publish("wamp.registration.on_register"u8, new IdPairPayload(session.Id, registration.Id));

    public void Unregistered(WampSession session, Registration registration) =>
        Publish("wamp.registration.on_unregister"u8, new IdPairPayload(session.Id, registration.Id));

    public void RegistrationDeleted(WampSession session, Registration registration) =>
        Publish("wamp.registration.on_delete"u8, new IdPairPayload(session.Id, registration.Id));

    public void Dispose() => _eventPayload.Dispose();

    private static EntryDetailsPayload Describe(ulong sessionId, Subscription subscription) =>
        new(sessionId, subscription.Id, subscription.Created, subscription.Topic.Utf8.ToArray(), subscription.Match, invokeKnown: false, default);

    private static EntryDetailsPayload Describe(ulong sessionId, Registration registration) =>
        new(sessionId, registration.Id, registration.Created, registration.Procedure.Utf8.ToArray(), registration.Match, invokeKnown: true, registration.Invoke);

    /// <summary>Publishes a meta event, composing its payload only when someone is subscribed to it.</summary>
    private void Publish<TPayload>(ReadOnlySpan<byte> topic, TPayload payload)
        where TPayload : IPayloadWriter
    {
        if (!HasSubscribers(topic))
        {
            return;
        }

        _eventPayload.Clear();
        var writer = new CborWriter(_eventPayload);
        payload.WriteItems(ref writer);
        _broker.PublishFromRouter(topic, new EncodedPayload(WampSerializer.Cbor, _eventPayload.WrittenSpan, payload.Count));
    }

    private bool HasSubscribers(ReadOnlySpan<byte> topic)
    {
        _subscriberProbe.Clear();
        _broker.CollectMatches(topic, _subscriberProbe);
        bool any = _subscriberProbe.Count > 0;
        _subscriberProbe.Clear();
        return any;
    }

    private void Reply<TPayload>(WampSession caller, ulong requestId, TPayload payload)
        where TPayload : IPayloadWriter
    {
        _output.Send(caller, new ComposedResultMessage<TPayload> { RequestId = requestId, Payload = payload });
    }

    private void Fail(WampSession caller, ulong requestId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> text) =>
        _output.SendError(caller, WampMessageType.Call, requestId, error, text);
}
