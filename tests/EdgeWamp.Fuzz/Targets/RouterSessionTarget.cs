using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>
/// The router's session receive path for one serializer. Each case feeds the input to a fresh session as its first
/// message, and to an established session (after a valid HELLO) twice. The router must never throw; a message that does
/// not decode must end in ABORT, a closed transport and exactly one log line; and a bystander session in the same realm
/// (<see cref="Check"/>) must keep publishing, receiving, calling and answering, with no victim session left behind.
/// </summary>
/// <remarks>
/// The realm's role lets sessions do anything under <c>com.</c> (the vectors' URIs) and call the read-only meta
/// procedures, but not <c>wamp.session.kill*</c> or the revocation procedures: those end or disturb other sessions on
/// purpose, which is their job, not a robustness failure.
/// </remarks>
public sealed class RouterSessionTarget : IFuzzTarget, IDisposable
{
    private const string RealmName = "com.example.realm";

    private readonly WampSerializer _serializer;
    private readonly CountingLogger _log = new();
    private readonly WampRouter _router;
    private readonly byte[] _hello;
    private readonly FuzzConnection _bystanderConnection;
    private readonly WampSession _bystander;
    private ulong _nextRequest = 100;
    private long _victims;
    private long _aborted;
    private long _routed;

    public RouterSessionTarget(WampSerializer serializer, SeedCorpus corpus)
    {
        _serializer = serializer;
        Seeds = corpus.MessagesOf(serializer);
        Name = $"router-session-{serializer.ToString().ToLowerInvariant()}";
        _router = new WampRouter([RealmOptions()], _log);
        _hello = FindHello(Seeds) ?? throw new InvalidOperationException($"no {serializer} HELLO vector joins realm {RealmName}");

        _bystanderConnection = new FuzzConnection(WampSerializer.Json, "bystander", keepAll: true);
        _bystander = _router.OpenSession(_bystanderConnection, AuthMethods.Anonymous);
        BystanderSend("""[1,"com.example.realm",{"roles":{"publisher":{},"subscriber":{},"caller":{},"callee":{}}}]""", WampMessageType.Welcome);
        BystanderSend("""[32,1,{},"fuzz.bystander.topic"]""", WampMessageType.Subscribed);
        BystanderSend("""[64,2,{},"fuzz.bystander.echo"]""", WampMessageType.Registered);
    }

    public string Name { get; }

    public IReadOnlyList<byte[]> Seeds { get; }

    public string Coverage => $"{_aborted:N0} malformed inputs aborted, {_routed:N0} decoded and routed";

    public void Run(ReadOnlySpan<byte> input)
    {
        // 1. The input as a new session's first message.
        FuzzConnection first = Open(out WampSession fresh);
        Feed(fresh, first, input);
        fresh.OnDisconnected();

        // 2. The input twice on an established session (the second time meets whatever state the first left).
        FuzzConnection second = Open(out WampSession established);
        established.Receive(_hello);
        if (Decode(second.Last, out WampMessageType welcome) != DecodeStatus.Ok || welcome != WampMessageType.Welcome)
        {
            FuzzInvariantException.Fail("a valid HELLO was not welcomed");
        }

        Feed(established, second, input);
        Feed(established, second, input);
        established.OnDisconnected();

        if (_log.FirstError is { } error)
        {
            _log.FirstError = null;
            FuzzInvariantException.Fail($"the router logged an error: {error}");
        }
    }

    /// <summary>The bystander still publishes and receives its event, and still answers a call; no victim is left.</summary>
    public void Check()
    {
        ulong publication = ++_nextRequest;
        BystanderSend($$"""[16,{{publication}},{"acknowledge":true,"exclude_me":false},"fuzz.bystander.topic",[{{publication}}]]""", WampMessageType.Published, WampMessageType.Event);
        ulong call = ++_nextRequest;
        List<byte[]> answer = BystanderSend($$"""[48,{{call}},{},"fuzz.bystander.echo",[{{call}}]]""", WampMessageType.Invocation);
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        WampHeaderDecoder.TryDecode(WampSerializer.Json, answer[^1], scratch, out MessageHeader invocation);
        List<byte[]> result = BystanderSend($"[70,{invocation.FirstId},{{}},[{call}]]", WampMessageType.Result);
        WampHeaderDecoder.TryDecode(WampSerializer.Json, result[^1], scratch, out MessageHeader header);
        if (header.FirstId != call)
        {
            FuzzInvariantException.Fail($"the bystander's RESULT answers request {header.FirstId}, not {call}");
        }

        if (_router.SessionCount != 1)
        {
            FuzzInvariantException.Fail($"{_router.SessionCount - 1} victim sessions are left in the router after {_victims} cases");
        }
    }

    public void Dispose() => _router.Dispose();

    private FuzzConnection Open(out WampSession session)
    {
        var connection = new FuzzConnection(_serializer, $"victim#{++_victims}", keepAll: false);
        session = _router.OpenSession(connection, AuthMethods.Anonymous);
        return connection;
    }

    private void Feed(WampSession session, FuzzConnection connection, ReadOnlySpan<byte> input)
    {
        if (connection.IsClosed)
        {
            return;
        }

        int linesBefore = _log.Lines;
        int writtenBefore = connection.Written;
        session.Receive(input);
        if (Decode(input, out _) == DecodeStatus.Ok)
        {
            _routed++;
            return;
        }

        _aborted++;
        // Malformed: ABORT, close, one log line (and only one).
        if (!connection.IsClosed || connection.Written != writtenBefore + 1 || Decode(connection.Last, out WampMessageType sent) != DecodeStatus.Ok || sent != WampMessageType.Abort)
        {
            FuzzInvariantException.Fail("a malformed message did not end in one ABORT and a closed transport");
        }

        if (_log.Lines - linesBefore != 1)
        {
            FuzzInvariantException.Fail($"a malformed message logged {_log.Lines - linesBefore} lines, not one (last: {_log.Last})");
        }
    }

    private DecodeStatus Decode(ReadOnlySpan<byte> message, out WampMessageType type)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(_serializer, message, scratch, out MessageHeader header);
        type = header.Type;
        return status;
    }

    private List<byte[]> BystanderSend(string json, params WampMessageType[] expected)
    {
        _bystanderConnection.Received.Clear();
        _bystander.Receive(Encoding.UTF8.GetBytes(json));
        if (_bystanderConnection.IsClosed)
        {
            FuzzInvariantException.Fail("the bystander session was closed");
        }

        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        foreach (WampMessageType type in expected)
        {
            bool found = false;
            foreach (byte[] message in _bystanderConnection.Received)
            {
                found |= WampHeaderDecoder.TryDecode(WampSerializer.Json, message, scratch, out MessageHeader header) == DecodeStatus.Ok && header.Type == type;
            }

            if (!found)
            {
                FuzzInvariantException.Fail($"the bystander sent {json} and got no {type} (got {_bystanderConnection.Received.Count} messages)");
            }
        }

        return [.. _bystanderConnection.Received];
    }

    private byte[]? FindHello(IReadOnlyList<byte[]> seeds)
    {
        foreach (byte[] seed in seeds)
        {
            var connection = new FuzzConnection(_serializer, "hello probe", keepAll: false);
            WampSession probe = _router.OpenSession(connection, AuthMethods.Anonymous);
            probe.Receive(seed);
            bool welcomed = connection.Written > 0 && Decode(connection.Last, out WampMessageType type) == DecodeStatus.Ok && type == WampMessageType.Welcome;
            probe.OnDisconnected();
            if (welcomed)
            {
                return seed;
            }
        }

        return null;
    }

    private static RealmOptions RealmOptions()
    {
        const WampAction all = WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe;
        string[] readOnlyMeta =
        [
            "wamp.session.count", "wamp.session.list", "wamp.session.get", "wamp.session.add_testament", "wamp.session.flush_testaments",
            "wamp.subscription.list", "wamp.subscription.lookup", "wamp.subscription.match", "wamp.subscription.get",
            "wamp.subscription.list_subscribers", "wamp.subscription.count_subscribers", "wamp.subscription.get_events",
            "wamp.registration.list", "wamp.registration.lookup", "wamp.registration.match", "wamp.registration.get",
            "wamp.registration.list_callees", "wamp.registration.count_callees",
        ];
        var rules = new List<PermissionRule>
        {
            new("com.", UriMatch.Prefix, all),
            new("fuzz.bystander.", UriMatch.Prefix, all),
        };
        rules.AddRange(readOnlyMeta.Select(uri => new PermissionRule(uri, UriMatch.Exact, WampAction.Call)));
        return new RealmOptions
        {
            Name = RealmName,
            Roles = [new Role("anonymous", rules)],
            AnonymousRole = "anonymous",
            EventHistoryLength = 4,
        };
    }
}
