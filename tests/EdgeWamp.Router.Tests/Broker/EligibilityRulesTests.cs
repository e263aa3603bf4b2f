using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Broker;

/// <summary>
/// Subscriber black- and whitelisting (WAMP spec, Advanced Profile, "Subscriber Black- and Whitelisting"): PUBLISH.Options
/// exclude / eligible by session id, authid and authrole, end to end. A subscriber gets the event if and only if every
/// eligible list present names it and no exclude list names it.
/// </summary>
public sealed class EligibilityRulesTests : IDisposable
{
    private const string Topic = "com.myapp.mytopic1";

    private readonly TestRouter _router = new(TestIdentity.RealmWithRoles(TestRouter.RealmName, "manager", "staff"));

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ExcludeSessionIds_ExcludedSubscribersGetNothing(WampSerializer serializer)
    {
        (TestClient publisher, TestClient[] s) = Setup(serializer, 3);

        publisher.Publish(2, Topic, WampValue.Map(("exclude", new object?[] { s[0].Id(), s[2].Id() })), arguments: ["Hello, world!"]);

        AssertReceivers(s, s[1]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_EligibleSessionIds_OnlyEligibleSubscribersGetTheEvent(WampSerializer serializer)
    {
        (TestClient publisher, TestClient[] s) = Setup(serializer, 3);

        publisher.Publish(2, Topic, WampValue.Map(("eligible", new object?[] { s[0].Id(), s[2].Id() })), arguments: ["Hello, world!"]);

        AssertReceivers(s, s[0], s[2]);
    }

    /// <summary>The spec's third example: eligible [a, b, c] and exclude [a] reach b and c.</summary>
    [Fact]
    public void Publish_EligibleAndExclude_ReachesTheEligibleThatAreNotExcluded()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Json, 4);

        publisher.Publish(2, Topic, WampValue.Map(
            ("eligible", new object?[] { s[0].Id(), s[1].Id(), s[2].Id() }),
            ("exclude", new object?[] { s[0].Id() })));

        AssertReceivers(s, s[1], s[2]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ExcludeAuthId_ExcludesSessionsWithThatAuthId(WampSerializer serializer)
    {
        (TestClient publisher, TestClient[] s) = Setup(serializer, 3);

        publisher.Publish(2, Topic, WampValue.Map(("exclude_authid", new object?[] { TestIdentity.AuthId(s[1]), "nobody" })));

        AssertReceivers(s, s[0], s[2]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_EligibleAuthId_ReachesOnlySessionsWithThoseAuthIds(WampSerializer serializer)
    {
        (TestClient publisher, TestClient[] s) = Setup(serializer, 3);

        publisher.Publish(2, Topic, WampValue.Map(("eligible_authid", new object?[] { TestIdentity.AuthId(s[1]) })));

        AssertReceivers(s, s[1]);
    }

    [Fact]
    public void Publish_EligibleAuthIdSharedBySeveralSessions_ReachesEachOfThem()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 3);
        TestIdentity.SetAuthId(s[0], "device-7");
        TestIdentity.SetAuthId(s[2], "device-7");

        publisher.Publish(2, Topic, WampValue.Map(("eligible_authid", new object?[] { "device-7" })));

        AssertReceivers(s, s[0], s[2]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ExcludeAuthRole_ExcludesSessionsWithThatRole(WampSerializer serializer)
    {
        (TestClient publisher, TestClient[] s) = Setup(serializer, 3);
        TestIdentity.SetAuthRole(s[0], "manager");
        TestIdentity.SetAuthRole(s[1], "staff");

        publisher.Publish(2, Topic, WampValue.Map(("exclude_authrole", new object?[] { "staff" })));

        AssertReceivers(s, s[0], s[2]);
    }

    /// <summary>The spec's use case: customer updates restricted to "manager".</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_EligibleAuthRole_ReachesOnlySessionsWithThoseRoles(WampSerializer serializer)
    {
        (TestClient publisher, TestClient[] s) = Setup(serializer, 3);
        TestIdentity.SetAuthRole(s[0], "manager");
        TestIdentity.SetAuthRole(s[1], "staff");

        publisher.Publish(2, Topic, WampValue.Map(("eligible_authrole", new object?[] { "manager" })));

        AssertReceivers(s, s[0]);
    }

    [Fact]
    public void Publish_EligibleAuthRoleAndExcludeSessionId_BothApply()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.MsgPack, 4);
        TestIdentity.SetAuthRole(s[0], "manager");
        TestIdentity.SetAuthRole(s[1], "manager");
        TestIdentity.SetAuthRole(s[2], "staff");

        publisher.Publish(2, Topic, WampValue.Map(("eligible_authrole", new object?[] { "manager", "staff" }), ("exclude", new object?[] { s[1].Id() })));

        AssertReceivers(s, s[0], s[2]);
    }

    [Fact]
    public void Publish_EligibleSessionIdsAndEligibleAuthRole_ReachesOnlySessionsInBothLists()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 3);
        TestIdentity.SetAuthRole(s[0], "manager");
        TestIdentity.SetAuthRole(s[1], "manager");

        publisher.Publish(2, Topic, WampValue.Map(("eligible", new object?[] { s[1].Id(), s[2].Id() }), ("eligible_authrole", new object?[] { "manager" })));

        AssertReceivers(s, s[1]);
    }

    [Fact]
    public void Publish_AllSixLists_ASubscriberMustPassEveryOne()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Json, 6);
        TestIdentity.SetAuthRole(s[0], "manager");
        TestIdentity.SetAuthRole(s[1], "manager");
        TestIdentity.SetAuthRole(s[2], "manager");
        TestIdentity.SetAuthRole(s[3], "staff");
        TestIdentity.SetAuthRole(s[4], "manager");

        publisher.Publish(2, Topic, WampValue.Map(
            ("eligible", new object?[] { s[0].Id(), s[1].Id(), s[2].Id(), s[3].Id(), s[4].Id() }),
            ("exclude", new object?[] { s[1].Id() }),
            ("eligible_authid", new object?[] { TestIdentity.AuthId(s[0]), TestIdentity.AuthId(s[1]), TestIdentity.AuthId(s[2]), TestIdentity.AuthId(s[3]) }),
            ("exclude_authid", new object?[] { TestIdentity.AuthId(s[2]) }),
            ("eligible_authrole", new object?[] { "manager", "staff" }),
            ("exclude_authrole", new object?[] { "staff" })));

        // s[1] excluded by id, s[2] by authid, s[3] by authrole, s[4] not an eligible authid, s[5] not an eligible id.
        AssertReceivers(s, s[0]);
    }

    [Fact]
    public void Publish_EmptyEligibleList_ReachesNobody()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 2);

        publisher.Publish(2, Topic, WampValue.Map(("eligible", Array.Empty<object?>())));

        AssertReceivers(s);
    }

    [Fact]
    public void Publish_EmptyExcludeList_ReachesEveryone()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 2);

        publisher.Publish(2, Topic, WampValue.Map(("exclude", Array.Empty<object?>()), ("exclude_authrole", Array.Empty<object?>())));

        AssertReceivers(s, s[0], s[1]);
    }

    /// <summary>Spec: eligible sessions get the event "but only if those are actually subscribed".</summary>
    [Fact]
    public void Publish_EligibleSessionThatIsNotSubscribed_GetsNothing()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 1);
        TestClient bystander = _router.Join(WampSerializer.Cbor);

        publisher.Publish(2, Topic, WampValue.Map(("eligible", new object?[] { bystander.Id() })));

        AssertReceivers(s);
        bystander.AssertNothingReceived();
    }

    [Fact]
    public void Publish_PublisherEligibleButExcludeMeDefault_PublisherIsStillExcluded()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 1);
        publisher.SubscribeOk(9, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("eligible", new object?[] { publisher.Id(), s[0].Id() })));

        publisher.AssertNothingReceived();
        AssertReceivers(s, s[0]);
    }

    [Fact]
    public void Publish_ExcludeMeFalseButPublisherNotEligible_PublisherGetsNothing()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 1);
        publisher.SubscribeOk(9, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("exclude_me", false), ("eligible", new object?[] { s[0].Id() })));

        publisher.AssertNothingReceived();
        AssertReceivers(s, s[0]);
    }

    [Fact]
    public void Publish_ExcludeMeFalseAndPublisherExcludedById_PublisherGetsNothing()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 1);
        publisher.SubscribeOk(9, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("exclude_me", false), ("exclude", new object?[] { publisher.Id() })));

        publisher.AssertNothingReceived();
        AssertReceivers(s, s[0]);
    }

    [Fact]
    public void Publish_ListsOnAPatternSubscription_ApplyToItsSubscribers()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Json);
        a.SubscribeMatching(1, "com.myapp", "prefix");
        b.SubscribeMatching(1, "com.myapp", "prefix");

        publisher.Publish(2, Topic, WampValue.Map(("exclude", new object?[] { a.Id() })));

        a.AssertNothingReceived();
        Assert.Equal(Topic, b.SingleEvent().DetailsMap["topic"]);
    }

    [Fact]
    public void Publish_RulesOfOnePublication_DoNotCarryOverToTheNext()
    {
        (TestClient publisher, TestClient[] s) = Setup(WampSerializer.Cbor, 2);

        publisher.Publish(2, Topic, WampValue.Map(("eligible", new object?[] { s[0].Id() })));
        AssertReceivers(s, s[0]);
        publisher.Publish(3, Topic);

        AssertReceivers(s, s[0], s[1]);
    }

    [Fact]
    public void Publish_ExcludedSubscriberWithAnotherSerializer_OthersStillGetTheirEncoding()
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        TestClient[] s = [_router.Join(WampSerializer.Cbor), _router.Join(WampSerializer.MsgPack), _router.Join(WampSerializer.Json), _router.Join(WampSerializer.Cbor)];
        foreach (TestClient subscriber in s)
        {
            subscriber.SubscribeOk(1, Topic);
        }

        publisher.Publish(2, Topic, WampValue.Map(("exclude", new object?[] { s[0].Id() })), arguments: [21.5]);

        s[0].AssertNothingReceived();
        foreach (TestClient subscriber in s[1..])
        {
            WampValue.AssertEqual(new object?[] { new object?[] { 21.5 } }, subscriber.SingleEvent().PayloadItems);
        }
    }

    /// <summary>A publisher and <paramref name="count"/> subscribers to <see cref="Topic"/>, SUBSCRIBED taken.</summary>
    private (TestClient Publisher, TestClient[] Subscribers) Setup(WampSerializer serializer, int count)
    {
        TestClient publisher = _router.Join(serializer);
        var subscribers = new TestClient[count];
        for (int i = 0; i < count; i++)
        {
            subscribers[i] = _router.Join(i % 2 == 0 ? serializer : WampSerializer.Cbor);
            subscribers[i].SubscribeOk(1, Topic);
        }

        return (publisher, subscribers);
    }

    /// <summary>Exactly <paramref name="receivers"/> got one EVENT each; every other subscriber got nothing.</summary>
    private static void AssertReceivers(TestClient[] subscribers, params TestClient[] receivers)
    {
        foreach (TestClient subscriber in subscribers)
        {
            if (receivers.Contains(subscriber))
            {
                Assert.Equal(WampMessageType.Event, subscriber.Single().Type);
            }
            else
            {
                subscriber.AssertNothingReceived();
            }
        }
    }
}
