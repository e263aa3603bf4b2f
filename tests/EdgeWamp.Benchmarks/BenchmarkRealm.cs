using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Router;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks;

/// <summary>A router with one open realm, and helpers to join sessions and encode client messages.</summary>
internal sealed class BenchmarkRealm : IDisposable
{
    private readonly OutputBuffer _buffer = new();

    public WampRouter Router { get; } = new([new RealmOptions
    {
        Name = "realm1",
        Roles = [new Role("anonymous", [new PermissionRule("", UriMatch.Prefix, WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe)])],
        AnonymousRole = "anonymous",
        MaxSessions = 1_000_000,
    }]);

    public (WampSession Session, InMemoryConnection Connection) Join(WampSerializer serializer)
    {
        var connection = new InMemoryConnection(serializer);
        return (Join(serializer, connection).Session, connection);
    }

    public (WampSession Session, IWampConnection Connection) Join(WampSerializer serializer, IWampConnection connection)
    {
        WampSession session = Router.OpenSession(connection, AuthMethods.Anonymous);
        using var roles = new OutputBuffer();
        var writer = new CborWriter(roles);
        writer.WriteStartMap(1);
        writer.WritePropertyName("roles"u8);
        writer.WriteStartMap(0);
        session.Receive(Encode(serializer, new HelloMessage { Realm = "realm1"u8, Details = new EncodedMap(WampSerializer.Cbor, roles.WrittenSpan) }));
        if (session.State != SessionState.Established)
        {
            throw new InvalidOperationException("the benchmark session did not join");
        }

        return (session, connection);
    }

    /// <summary>Args [21.5, "°C"], kwargs {"ts": 1700000000000}: a sensor reading as the board publishes it.</summary>
    public static byte[] SensorPayload()
    {
        using var buffer = new OutputBuffer();
        var writer = new CborWriter(buffer);
        writer.WriteStartArray(2);
        writer.WriteDouble(21.5);
        writer.WriteString("°C"u8);
        writer.WriteStartMap(1);
        writer.WritePropertyName("ts"u8);
        writer.WriteUInt64(1_700_000_000_000);
        return buffer.WrittenSpan.ToArray();
    }

    public byte[] Encode<TMessage>(WampSerializer serializer, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        _buffer.Clear();
        WampEncoder.Encode(_buffer, serializer, message);
        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        Router.Dispose();
        _buffer.Dispose();
    }
}
