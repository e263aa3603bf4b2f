using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// Advanced Profile helpers for <see cref="TestClient"/> and <see cref="TestRouter"/>: HELLOs announcing features,
/// options on SUBSCRIBE and REGISTER, CANCEL, progressive YIELD, and calls to the meta API.
/// </summary>
internal static class AdvancedClient
{
    /// <summary>
    /// HELLO.Details with the four client roles, each announcing the given features
    /// (WAMP spec, "Feature Announcement": roles.&lt;role&gt;.features.&lt;feature&gt; = true).
    /// </summary>
    public static Dictionary<string, object?> HelloAnnouncing(params (string Role, string Feature)[] features)
    {
        var roles = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string role in (string[])["publisher", "subscriber", "caller", "callee"])
        {
            var announced = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach ((string featureRole, string feature) in features)
            {
                if (featureRole == role)
                {
                    announced[feature] = true;
                }
            }

            roles[role] = WampValue.Map(("features", announced));
        }

        return WampValue.Map(("roles", roles));
    }

    /// <summary>A callee announcing <paramref name="features"/> under roles.callee.features.</summary>
    public static Dictionary<string, object?> CalleeAnnouncing(params string[] features) =>
        HelloAnnouncing([.. features.Select(feature => ("callee", feature))]);

    /// <summary>Connects and joins with the given HELLO.Details; the WELCOME is already taken.</summary>
    public static TestClient JoinWith(this TestRouter router, WampSerializer serializer, Dictionary<string, object?> helloDetails, string realm = TestRouter.RealmName)
    {
        TestClient client = router.Connect(serializer);
        client.Hello(realm, helloDetails);
        ReceivedMessage welcome = client.Single();
        Assert.Equal(WampMessageType.Welcome, welcome.Type);
        Assert.Equal(SessionState.Established, client.Session.State);
        return client;
    }

    /// <summary>SUBSCRIBE with Options.match, then expects SUBSCRIBED as the only answer; returns the subscription id.</summary>
    public static ulong SubscribeMatching(this TestClient client, ulong requestId, string topic, string match)
    {
        client.Subscribe(requestId, topic, WampValue.Map(("match", match)));
        ReceivedMessage subscribed = client.Single();
        Assert.True(subscribed.Type == WampMessageType.Subscribed, $"expected SUBSCRIBED, got {subscribed}");
        Assert.Equal(requestId, subscribed.FirstId);
        return subscribed.SecondId;
    }

    /// <summary>REGISTER with the given options, then expects REGISTERED as the only answer; returns the registration id.</summary>
    public static ulong RegisterWith(this TestClient client, ulong requestId, string procedure, Dictionary<string, object?> options)
    {
        client.Register(requestId, procedure, options);
        ReceivedMessage registered = client.Single();
        Assert.True(registered.Type == WampMessageType.Registered, $"expected REGISTERED, got {registered}");
        Assert.Equal(requestId, registered.FirstId);
        return registered.SecondId;
    }

    /// <summary>REGISTER with Options.match, then expects REGISTERED; returns the registration id.</summary>
    public static ulong RegisterMatching(this TestClient client, ulong requestId, string procedure, string match) =>
        client.RegisterWith(requestId, procedure, WampValue.Map(("match", match)));

    /// <summary>REGISTER with Options.invoke (shared registration), then expects REGISTERED; returns the registration id.</summary>
    public static ulong RegisterShared(this TestClient client, ulong requestId, string procedure, string invoke) =>
        client.RegisterWith(requestId, procedure, WampValue.Map(("invoke", invoke)));

    /// <summary>[CANCEL, CALL.Request|id, Options|dict] with Options.mode when given.</summary>
    public static void Cancel(this TestClient client, ulong requestId, string? mode) =>
        client.SendValue(new object?[] { (int)WampMessageType.Cancel, requestId, mode is null ? WampValue.Map() : WampValue.Map(("mode", mode)) });

    /// <summary>[YIELD, INVOCATION.Request|id, {"progress": true}, Arguments|list, ArgumentsKw|dict]: a progressive result.</summary>
    public static void YieldProgress(this TestClient client, ulong invocationId, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null)
    {
        var message = new List<object?> { (int)WampMessageType.Yield, invocationId, WampValue.Map(("progress", true)) };
        if (arguments is not null || argumentsKw is not null)
        {
            message.Add(arguments ?? []);
        }

        if (argumentsKw is not null)
        {
            message.Add(argumentsKw);
        }

        client.SendValue(message);
    }

    /// <summary>Expects one message, an INVOCATION; returns it.</summary>
    public static ReceivedMessage SingleInvocation(this TestClient callee)
    {
        ReceivedMessage invocation = callee.Single();
        Assert.True(invocation.Type == WampMessageType.Invocation, $"expected INVOCATION, got {invocation}");
        return invocation;
    }

    /// <summary>Expects one message, an EVENT; returns it.</summary>
    public static ReceivedMessage SingleEvent(this TestClient subscriber)
    {
        ReceivedMessage @event = subscriber.Single();
        Assert.True(@event.Type == WampMessageType.Event, $"expected EVENT, got {@event}");
        return @event;
    }

    /// <summary>Expects one message, a RESULT for <paramref name="requestId"/>; returns it.</summary>
    public static ReceivedMessage SingleResult(this TestClient caller, ulong requestId)
    {
        ReceivedMessage result = caller.Single();
        Assert.True(result.Type == WampMessageType.Result, $"expected RESULT, got {result}");
        Assert.Equal(requestId, result.FirstId);
        return result;
    }

    /// <summary>CALL, then expects a RESULT as the only answer; returns its payload items ([Arguments] or [Arguments, ArgumentsKw]).</summary>
    public static List<object?> CallOk(this TestClient caller, ulong requestId, string procedure, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null)
    {
        caller.Call(requestId, procedure, arguments, argumentsKw);
        return caller.SingleResult(requestId).PayloadItems;
    }

    /// <summary>CALL, then expects a RESULT whose Arguments hold exactly one value; returns that value.</summary>
    public static object? CallForValue(this TestClient caller, ulong requestId, string procedure, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null)
    {
        List<object?> items = caller.CallOk(requestId, procedure, arguments, argumentsKw);
        Assert.True(items.Count >= 1, "the RESULT has no Arguments");
        List<object?> positional = Assert.IsType<List<object?>>(items[0]);
        Assert.Single(positional);
        return positional[0];
    }

    /// <summary>CALL, then expects ERROR for this CALL with <paramref name="error"/> as the only answer.</summary>
    public static ReceivedMessage CallFails(this TestClient caller, ulong requestId, string procedure, string error, object?[]? arguments = null, Dictionary<string, object?>? argumentsKw = null)
    {
        caller.Call(requestId, procedure, arguments, argumentsKw);
        ReceivedMessage answer = caller.Single();
        WampAssert.Error(answer, WampMessageType.Call, requestId, error);
        return answer;
    }

    /// <summary>A session id as a test compares it with decoded values (which come back as <see cref="ulong"/>).</summary>
    public static ulong Id(this TestClient client) => client.Session.Id;
}
