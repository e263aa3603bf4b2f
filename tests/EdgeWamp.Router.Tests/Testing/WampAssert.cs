using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>Assertions on whole WAMP messages the router wrote.</summary>
internal static class WampAssert
{
    /// <summary>The whole message, element by element, compared by value (so in any serializer).</summary>
    public static void Message(ReceivedMessage message, params object?[] elements) =>
        WampValue.AssertEqual(elements, WampValue.Decode(message.Serializer, message.Encoded));

    /// <summary>[ERROR, REQUEST.Type, REQUEST.Request, Details, Error]: type, request and URI.</summary>
    public static void Error(ReceivedMessage message, WampMessageType requestType, ulong requestId, string error)
    {
        Assert.Equal(WampMessageType.Error, message.Type);
        Assert.Equal(requestType, message.RequestType);
        Assert.Equal(requestId, message.FirstId);
        Assert.Equal(error, message.Text);
    }

    /// <summary>A router-refused request: as <see cref="Error"/>, with no payload.</summary>
    public static void RequestRefused(ReceivedMessage message, WampMessageType requestType, ulong requestId, string error)
    {
        Error(message, requestType, requestId, error);
        Assert.Equal(0, message.PayloadCount);
    }

    public static void Abort(ReceivedMessage message, string reason)
    {
        Assert.Equal(WampMessageType.Abort, message.Type);
        Assert.Equal(reason, message.Text);
    }

    public static void Goodbye(ReceivedMessage message, string reason)
    {
        Assert.Equal(WampMessageType.Goodbye, message.Type);
        Assert.Equal(reason, message.Text);
    }

    /// <summary>An ABORT as the only message, then the transport closed and the session closed.</summary>
    public static void AbortedAndClosed(TestClient client, string reason)
    {
        Abort(client.Single(), reason);
        Assert.Equal(1, client.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, client.Session.State);
        Assert.Equal(0UL, client.Session.Id);
    }

    /// <summary>An id the router chose: WAMP spec, "Identifiers", [1, 2^53].</summary>
    public static void ValidId(ulong id) => Assert.InRange(id, 1UL, 1UL << 53);
}
