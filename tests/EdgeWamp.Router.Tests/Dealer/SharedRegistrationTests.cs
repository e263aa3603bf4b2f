using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>Shared registrations (WAMP spec, Advanced Profile, "Shared Registration"; REGISTER.Options.invoke), end to end.</summary>
public sealed class SharedRegistrationTests : IDisposable
{
    private const string Procedure = "com.myapp.compute";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    public static TheoryData<string> SharedPolicies => ["roundrobin", "random", "first", "last"];

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_RoundRobin_CyclesThroughTheCalleesInTheOrderTheyRegistered(WampSerializer serializer)
    {
        TestClient[] callees = JoinCallees(serializer, "roundrobin", 3, out ulong registrationId);
        TestClient caller = _router.Join(serializer);

        var order = new List<int>();
        for (ulong request = 1; request <= 7; request++)
        {
            caller.Call(request, Procedure, [(int)request]);
            order.Add(AnswerTheOneInvoked(callees, registrationId, [(int)request]));
            WampValue.AssertEqual(new object?[] { new object?[] { (int)request } }, caller.SingleResult(request).PayloadItems);
        }

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], order);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_First_AlwaysInvokesTheFirstCallee(WampSerializer serializer)
    {
        TestClient[] callees = JoinCallees(serializer, "first", 3, out ulong registrationId);
        TestClient caller = _router.Join(serializer);

        var order = new List<int>();
        for (ulong request = 1; request <= 4; request++)
        {
            caller.Call(request, Procedure);
            order.Add(AnswerTheOneInvoked(callees, registrationId));
            caller.SingleResult(request);
        }

        Assert.Equal([0, 0, 0, 0], order);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_Last_AlwaysInvokesTheLastCallee(WampSerializer serializer)
    {
        TestClient[] callees = JoinCallees(serializer, "last", 3, out ulong registrationId);
        TestClient caller = _router.Join(serializer);

        var order = new List<int>();
        for (ulong request = 1; request <= 4; request++)
        {
            caller.Call(request, Procedure);
            order.Add(AnswerTheOneInvoked(callees, registrationId));
            caller.SingleResult(request);
        }

        Assert.Equal([2, 2, 2, 2], order);
    }

    [Fact]
    public void Call_LastAfterAnotherCalleeRegisters_InvokesTheNewcomer()
    {
        TestClient[] callees = JoinCallees(WampSerializer.Cbor, "last", 2, out ulong registrationId);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient newcomer = _router.Join(WampSerializer.Json);
        Assert.Equal(registrationId, newcomer.RegisterShared(1, Procedure, "last"));

        caller.Call(2, Procedure);

        Assert.Equal(2, AnswerTheOneInvoked([.. callees, newcomer], registrationId));
    }

    [Fact]
    public void Call_FirstAfterTheFirstCalleeLeaves_InvokesTheNextInRegistrationOrder()
    {
        TestClient[] callees = JoinCallees(WampSerializer.Cbor, "first", 3, out ulong registrationId);
        TestClient caller = _router.Join(WampSerializer.Cbor);

        callees[0].Goodbye();
        Assert.Equal(WampMessageType.Goodbye, callees[0].Single().Type);
        caller.Call(2, Procedure);

        Assert.Equal(1, AnswerTheOneInvoked(callees, registrationId));
    }

    [Fact]
    public void Call_Random_OnlyEverInvokesRegisteredCalleesAndEventuallyEachOfThem()
    {
        TestClient[] callees = JoinCallees(WampSerializer.Cbor, "random", 4, out ulong registrationId);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callees[3].Unregister(9, registrationId);
        Assert.Equal(WampMessageType.Unregistered, callees[3].Single().Type);

        var counts = new int[callees.Length];
        for (ulong request = 1; request <= 120; request++)
        {
            caller.Call(request, Procedure);
            counts[AnswerTheOneInvoked(callees, registrationId)]++;
            caller.SingleResult(request);
        }

        // Each of the three callees is missed by 120 uniform draws with probability (2/3)^120, about 1e-21.
        Assert.Equal(0, counts[3]);
        Assert.All(counts[..3], count => Assert.True(count > 0, $"a registered callee was never picked: {string.Join(", ", counts)}"));
    }

    [Theory]
    [MemberData(nameof(SharedPolicies))]
    public void Register_SamePolicy_JoinsTheRegistrationWithTheSameId(string policy)
    {
        TestClient first = _router.Join(WampSerializer.Cbor);
        TestClient second = _router.Join(WampSerializer.Json);

        ulong firstId = first.RegisterShared(1, Procedure, policy);
        ulong secondId = second.RegisterShared(2, Procedure, policy);

        Assert.Equal(firstId, secondId);
    }

    [Theory]
    [InlineData("roundrobin", "random")]
    [InlineData("roundrobin", "single")]
    [InlineData("first", "last")]
    [InlineData("last", "first")]
    [InlineData("random", "roundrobin")]
    [InlineData("single", "roundrobin")]
    public void Register_ConflictingInvocationPolicy_AnswersProcedureAlreadyExists(string existing, string conflicting)
    {
        TestClient first = _router.Join(WampSerializer.Cbor);
        TestClient second = _router.Join(WampSerializer.Cbor);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        first.RegisterShared(1, Procedure, existing);

        second.Register(2, Procedure, WampValue.Map(("invoke", conflicting)));

        WampAssert.Message(second.Single(), 8, 64, 2, WampValue.Map(), "wamp.error.procedure_already_exists");
        caller.Call(3, Procedure);
        first.SingleInvocation();
        second.AssertNothingReceived();
    }

    [Fact]
    public void Register_SharedPolicyOverADefaultRegistration_AnswersProcedureAlreadyExists()
    {
        TestClient first = _router.Join(WampSerializer.Cbor);
        TestClient second = _router.Join(WampSerializer.Cbor);
        first.RegisterOk(1, Procedure);

        second.Register(2, Procedure, WampValue.Map(("invoke", "roundrobin")));

        WampAssert.Error(second.Single(), WampMessageType.Register, 2, "wamp.error.procedure_already_exists");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("single", "single")]
    [InlineData(null, "single")]
    [InlineData("single", null)]
    public void Register_SingleTwice_AnswersProcedureAlreadyExists(string? existing, string? second)
    {
        TestClient first = _router.Join(WampSerializer.Json);
        TestClient other = _router.Join(WampSerializer.Json);
        first.RegisterWith(1, Procedure, existing is null ? WampValue.Map() : WampValue.Map(("invoke", existing)));

        other.Register(2, Procedure, second is null ? WampValue.Map() : WampValue.Map(("invoke", second)));

        WampAssert.Error(other.Single(), WampMessageType.Register, 2, "wamp.error.procedure_already_exists");
    }

    [Theory]
    [MemberData(nameof(SharedPolicies))]
    public void Register_SharedTwiceFromTheSameSession_AnswersProcedureAlreadyExists(string policy)
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterShared(1, Procedure, policy);

        callee.Register(2, Procedure, WampValue.Map(("invoke", policy)));

        WampAssert.Error(callee.Single(), WampMessageType.Register, 2, "wamp.error.procedure_already_exists");
    }

    [Theory]
    [InlineData("fastest")]
    [InlineData("RoundRobin")]
    [InlineData("")]
    public void Register_UnknownInvocationPolicy_AnswersInvalidArgument(string policy)
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);

        callee.Register(1, Procedure, WampValue.Map(("invoke", policy)));

        WampAssert.Error(callee.Single(), WampMessageType.Register, 1, "wamp.error.invalid_argument");
    }

    [Theory]
    [InlineData("disconnect")]
    [InlineData("goodbye")]
    [InlineData("unregister")]
    public void Leave_OneCalleeOfASharedRegistration_TheRegistrationStaysForTheOthers(string way)
    {
        TestClient[] callees = JoinCallees(WampSerializer.Cbor, "roundrobin", 3, out ulong registrationId);
        TestClient caller = _router.Join(WampSerializer.Json);

        switch (way)
        {
            case "disconnect":
                callees[1].Session.OnDisconnected();
                break;
            case "goodbye":
                callees[1].Goodbye();
                Assert.Equal(WampMessageType.Goodbye, callees[1].Single().Type);
                break;
            default:
                callees[1].Unregister(5, registrationId);
                Assert.Equal(WampMessageType.Unregistered, callees[1].Single().Type);
                break;
        }

        var order = new List<int>();
        for (ulong request = 1; request <= 4; request++)
        {
            caller.Call(request, Procedure);
            order.Add(AnswerTheOneInvoked(callees, registrationId));
            caller.SingleResult(request);
        }

        Assert.DoesNotContain(1, order);
        Assert.Equal(2, order.Distinct().Count());
        Assert.Equal(order[0], order[2]);
        Assert.Equal(order[1], order[3]);
        TestClient newcomer = _router.Join(WampSerializer.Cbor);
        Assert.Equal(registrationId, newcomer.RegisterShared(9, Procedure, "roundrobin"));
    }

    [Fact]
    public void Leave_EveryCalleeOfASharedRegistration_TheProcedureIsGoneAndCanBeRegisteredWithAnotherPolicy()
    {
        TestClient[] callees = JoinCallees(WampSerializer.Cbor, "roundrobin", 2, out ulong registrationId);
        TestClient caller = _router.Join(WampSerializer.Cbor);

        callees[0].Session.OnDisconnected();
        callees[1].Unregister(3, registrationId);
        Assert.Equal(WampMessageType.Unregistered, callees[1].Single().Type);

        caller.CallFails(4, Procedure, "wamp.error.no_such_procedure");
        TestClient single = _router.Join(WampSerializer.Cbor);
        Assert.NotEqual(registrationId, single.RegisterOk(5, Procedure));
    }

    [Fact]
    public void Leave_CalleeWithACallInFlight_OnlyThatCallIsCanceledAndTheOthersKeepServing()
    {
        TestClient[] callees = JoinCallees(WampSerializer.Cbor, "roundrobin", 2, out ulong registrationId);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        caller.Call(1, Procedure);
        Assert.Equal(0, Invoked(callees, registrationId, out _));

        callees[0].Session.OnDisconnected();

        WampAssert.Error(caller.Single(), WampMessageType.Call, 1, "wamp.error.canceled");
        caller.Call(2, Procedure);
        Assert.Equal(1, AnswerTheOneInvoked(callees, registrationId));
        caller.SingleResult(2);
    }

    [Fact]
    public void Call_SharedPrefixRegistration_RoundRobinsAndCarriesTheProcedure()
    {
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Json);
        TestClient caller = _router.Join(WampSerializer.MsgPack);
        ulong id = a.RegisterWith(1, "com.myapp", WampValue.Map(("match", "prefix"), ("invoke", "roundrobin")));
        Assert.Equal(id, b.RegisterWith(1, "com.myapp", WampValue.Map(("match", "prefix"), ("invoke", "roundrobin"))));

        caller.Call(2, "com.myapp.one");
        caller.Call(3, "com.myapp.two");

        Assert.Equal("com.myapp.one", a.SingleInvocation().DetailsMap["procedure"]);
        Assert.Equal("com.myapp.two", b.SingleInvocation().DetailsMap["procedure"]);
    }

    private TestClient[] JoinCallees(WampSerializer serializer, string policy, int count, out ulong registrationId)
    {
        var callees = new TestClient[count];
        registrationId = 0;
        for (int i = 0; i < count; i++)
        {
            callees[i] = _router.Join(i == 0 ? serializer : Serializers.Each[i % Serializers.Each.Length]);
            ulong id = callees[i].RegisterShared((ulong)(i + 1), Procedure, policy);
            Assert.True(i == 0 || id == registrationId, "every callee of a shared registration gets the same registration id");
            registrationId = id;
        }

        return callees;
    }

    /// <summary>Exactly one callee got an INVOCATION for the registration; returns its index and the invocation.</summary>
    private static int Invoked(TestClient[] callees, ulong registrationId, out ReceivedMessage invocation)
    {
        int invoked = -1;
        invocation = null!;
        for (int i = 0; i < callees.Length; i++)
        {
            List<ReceivedMessage> messages = callees[i].TakeAll();
            if (messages.Count == 0)
            {
                continue;
            }

            Assert.True(invoked < 0, "more than one callee was invoked");
            invocation = Assert.Single(messages);
            Assert.Equal(WampMessageType.Invocation, invocation.Type);
            Assert.Equal(registrationId, invocation.SecondId);
            invoked = i;
        }

        Assert.True(invoked >= 0, "no callee was invoked");
        return invoked;
    }

    /// <summary>Finds the one invoked callee, has it YIELD <paramref name="result"/>, and returns its index.</summary>
    private static int AnswerTheOneInvoked(TestClient[] callees, ulong registrationId, object?[]? result = null)
    {
        int invoked = Invoked(callees, registrationId, out ReceivedMessage invocation);
        callees[invoked].Yield(invocation.FirstId, result);
        return invoked;
    }
}
