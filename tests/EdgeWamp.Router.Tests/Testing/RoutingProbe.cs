using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>Proves a realm still routes between two established sessions: one publication and one call, end to end.</summary>
internal static class RoutingProbe
{
    private static int s_next;

    public static void AssertRoutes(TestClient a, TestClient b)
    {
        int n = Interlocked.Increment(ref s_next);
        string topic = $"probe.topic{n}";
        string procedure = $"probe.procedure{n}";
        a.AssertNothingReceived();
        b.AssertNothingReceived();

        ulong subscriptionId = b.SubscribeOk(9001, topic);
        a.Publish(9002, topic, arguments: [n]);
        ReceivedMessage @event = b.Single();
        Assert.Equal(WampMessageType.Event, @event.Type);
        Assert.Equal(subscriptionId, @event.FirstId);
        WampValue.AssertEqual(new object?[] { new object?[] { n } }, @event.PayloadItems);
        a.AssertNothingReceived();

        ulong registrationId = b.RegisterOk(9003, procedure);
        a.Call(9004, procedure, [n]);
        ReceivedMessage invocation = b.Single();
        Assert.Equal(WampMessageType.Invocation, invocation.Type);
        Assert.Equal(registrationId, invocation.SecondId);
        b.Yield(invocation.FirstId, [n + 1]);
        ReceivedMessage result = a.Single();
        Assert.Equal(WampMessageType.Result, result.Type);
        Assert.Equal(9004UL, result.FirstId);
        WampValue.AssertEqual(new object?[] { new object?[] { n + 1 } }, result.PayloadItems);
    }
}
