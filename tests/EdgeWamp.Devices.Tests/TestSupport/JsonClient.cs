using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Devices.Tests.TestSupport;

/// <summary>
/// A WAMP client in the test, attached to the router as a JSON connection: it sends messages written as JSON text
/// and reads what the router sends as <see cref="JsonElement"/> arrays, so assertions read like the spec.
/// </summary>
internal sealed class JsonClient : IWampConnection
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly WampSession _peer;

    // Messages a CALL skipped on its way to the RESULT (an EVENT its procedure published), for the next reads.
    private readonly Queue<JsonElement> _skipped = new();

    public JsonClient(WampRouter router)
    {
        _peer = router.OpenSession(this, AuthMethods.Anonymous);
    }

    public WampSerializer Serializer => WampSerializer.Json;

    public string Description => "json test client";

    public bool Closed { get; private set; }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        _received.Writer.TryWrite(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
        return WriteResult.Written;
    }

    public void Close() => Closed = true;

    public void Send(string json) => _peer.Receive(Encoding.UTF8.GetBytes(json));

    /// <summary>The next message of type <paramref name="type"/>, skipping others.</summary>
    public async Task<JsonElement> NextAsync(int type)
    {
        while (_skipped.TryDequeue(out JsonElement skipped))
        {
            if (skipped[0].GetInt32() == type)
            {
                return skipped;
            }
        }

        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            JsonElement message = await _received.Reader.ReadAsync(timeout.Token);
            if (message[0].GetInt32() == type)
            {
                return message;
            }
        }
    }

    public async Task JoinAsync(string realm = "realm1")
    {
        Send("[1,\"" + realm + "\",{\"roles\":{\"subscriber\":{},\"caller\":{}}}]");
        await NextAsync(2);
    }

    public async Task SubscribeAsync(string topic, int requestId)
    {
        Send($$"""[32,{{requestId}},{},"{{topic}}"]""");
        await NextAsync(33);
    }

    /// <summary>The next message of either type (RESULT or ERROR after a CALL); the others are kept for the next reads.</summary>
    public async Task<JsonElement> NextAsync(int type, int otherType)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            JsonElement message = await _received.Reader.ReadAsync(timeout.Token);
            if (message[0].GetInt32() == type || message[0].GetInt32() == otherType)
            {
                return message;
            }

            _skipped.Enqueue(message);
        }
    }

    /// <summary>CALLs <paramref name="procedure"/> with JSON <paramref name="arguments"/> and <paramref name="kwargs"/>; returns the RESULT or ERROR.</summary>
    public Task<JsonElement> CallAsync(int requestId, string procedure, string arguments = "[]", string kwargs = "{}")
    {
        Send($$"""[48,{{requestId}},{},"{{procedure}}",{{arguments}},{{kwargs}}]""");
        return NextAsync(50, 8);
    }

    /// <summary>SUBSCRIBEs with <c>get_retained</c>, so the topic's retained event (if any) comes first.</summary>
    public async Task SubscribeRetainedAsync(string topic, int requestId, string match = "exact")
    {
        Send($$"""[32,{{requestId}},{"get_retained":true,"match":"{{match}}"},"{{topic}}"]""");
        await NextAsync(33);
    }

    public bool TryNext(out JsonElement message) => _skipped.TryDequeue(out message) || _received.Reader.TryRead(out message);
}
