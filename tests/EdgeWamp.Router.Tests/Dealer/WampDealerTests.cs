using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>Remote procedure calls (WAMP spec, Basic Profile, "Remote Procedure Calls"), end to end through sessions.</summary>
public sealed class WampDealerTests : IDisposable
{
    private const string Procedure = "gpio.led.write";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    public static TheoryData<string> InvalidUris => ["", ".gpio", "gpio.", "gpio..led", "gpio led", "gpio.#", "wamp.session.count", "wamp.gpio"];

    /// <summary>The ways a callee can leave a realm.</summary>
    public static TheoryData<string> WaysToLeave => ["disconnect", "goodbye", "abort", "protocol violation"];

    private static object?[] CallArguments => [17, "on", 0.75];

    private static Dictionary<string, object?> CallArgumentsKw => WampValue.Map(("pin", 17), ("mode", "pwm"), ("raw", new byte[] { 0xCA, 0xFE }), ("offset", -40));

    private static object?[] ResultArguments => [true, "done", -1.5];

    private static Dictionary<string, object?> ResultArgumentsKw => WampValue.Map(("elapsed_us", 1234), ("state", WampValue.Map(("pin", 17), ("level", null))));

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Register_NewProcedure_AnswersRegistered(WampSerializer serializer)
    {
        TestClient callee = _router.Join(serializer);

        callee.Register(3, Procedure);

        ReceivedMessage registered = callee.Single();
        Assert.Equal(WampMessageType.Registered, registered.Type);
        WampAssert.ValidId(registered.SecondId);
        WampAssert.Message(registered, 65, 3, registered.SecondId);
    }

    [Fact]
    public void Register_TwoProcedures_GetDifferentRegistrationIds()
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);

        ulong a = callee.RegisterOk(1, "gpio.a");
        ulong b = callee.RegisterOk(2, "gpio.b");

        Assert.NotEqual(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Register_ProcedureRegisteredByAnotherSession_AnswersProcedureAlreadyExists(WampSerializer serializer)
    {
        TestClient first = _router.Join(serializer);
        TestClient second = _router.Join(serializer);
        TestClient caller = _router.Join(serializer);
        ulong registrationId = first.RegisterOk(1, Procedure);

        second.Register(2, Procedure);

        WampAssert.Message(second.Single(), 8, 64, 2, WampValue.Map(), "wamp.error.procedure_already_exists");
        caller.Call(3, Procedure);
        ReceivedMessage invocation = first.Single();
        Assert.Equal(registrationId, invocation.SecondId);
        second.AssertNothingReceived();
    }

    [Fact]
    public void Register_SameProcedureTwiceFromOneSession_AnswersProcedureAlreadyExists()
    {
        TestClient callee = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);

        callee.Register(2, Procedure);

        WampAssert.RequestRefused(callee.Single(), WampMessageType.Register, 2, "wamp.error.procedure_already_exists");
    }

    [Theory]
    [MemberData(nameof(InvalidUris))]
    public void Register_InvalidOrReservedUri_AnswersInvalidUri(string procedure)
    {
        TestClient callee = _router.Join(WampSerializer.MsgPack);

        callee.Register(4, procedure);

        WampAssert.Message(callee.Single(), 8, 64, 4, WampValue.Map(), "wamp.error.invalid_uri");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_RegisteredProcedure_InvokesTheCalleeAndReturnsItsYield(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(serializer);
        ulong registrationId = callee.RegisterOk(1, Procedure);

        caller.Call(77, Procedure, CallArguments, CallArgumentsKw);

        caller.AssertNothingReceived();
        ReceivedMessage invocation = callee.Single();
        Assert.Equal(WampMessageType.Invocation, invocation.Type);
        WampAssert.ValidId(invocation.FirstId);
        Assert.Equal(registrationId, invocation.SecondId);
        Assert.Equal(TestClient.EncodePayload(serializer, CallArguments, CallArgumentsKw), invocation.Payload);
        WampAssert.Message(invocation, 68, invocation.FirstId, registrationId, WampValue.Map(), CallArguments, CallArgumentsKw);

        callee.Yield(invocation.FirstId, ResultArguments, ResultArgumentsKw);

        ReceivedMessage result = caller.Single();
        Assert.Equal(WampMessageType.Result, result.Type);
        Assert.Equal(77UL, result.FirstId);
        Assert.Equal(TestClient.EncodePayload(serializer, ResultArguments, ResultArgumentsKw), result.Payload);
        WampAssert.Message(result, 50, 77, WampValue.Map(), ResultArguments, ResultArgumentsKw);
        callee.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Call_CalleeWithAnotherSerializer_ForwardsTheSameValuesBothWays(WampSerializer callerSerializer, WampSerializer calleeSerializer)
    {
        TestClient caller = _router.Join(callerSerializer);
        TestClient callee = _router.Join(calleeSerializer);
        ulong registrationId = callee.RegisterOk(1, Procedure);

        caller.Call(5, Procedure, CallArguments, CallArgumentsKw);
        ReceivedMessage invocation = callee.Single();
        callee.Yield(invocation.FirstId, ResultArguments, ResultArgumentsKw);

        WampAssert.Message(invocation, 68, invocation.FirstId, registrationId, WampValue.Map(), CallArguments, CallArgumentsKw);
        WampAssert.Message(caller.Single(), 50, 5, WampValue.Map(), ResultArguments, ResultArgumentsKw);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_WithoutPayload_InvocationAndResultHaveNoArguments(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(serializer);
        ulong registrationId = callee.RegisterOk(1, Procedure);

        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();
        callee.Yield(invocation.FirstId);

        WampAssert.Message(invocation, 68, invocation.FirstId, registrationId, WampValue.Map());
        WampAssert.Message(caller.Single(), 50, 5, WampValue.Map());
    }

    [Fact]
    public void Call_OwnProcedure_RoundTripsThroughTheSameSession()
    {
        TestClient client = _router.Join(WampSerializer.Cbor);
        client.RegisterOk(1, Procedure);

        client.Call(2, Procedure, [1]);
        ReceivedMessage invocation = client.Single();
        client.Yield(invocation.FirstId, [2]);

        WampAssert.Message(client.Single(), 50, 2, WampValue.Map(), new object?[] { 2 });
    }

    [Fact]
    public void Call_ConcurrentCallsWithTheSameRequestId_GetDistinctInvocationsAndTheirOwnResults()
    {
        TestClient first = _router.Join(WampSerializer.Json);
        TestClient second = _router.Join(WampSerializer.MsgPack);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);

        first.Call(7, Procedure, ["first"]);
        second.Call(7, Procedure, ["second"]);
        first.Call(8, Procedure, ["third"]);
        List<ReceivedMessage> invocations = callee.TakeAll();

        Assert.Equal(3, invocations.Count);
        Assert.Equal(3, invocations.Select(i => i.FirstId).Distinct().Count());
        Assert.All(invocations, i => WampAssert.ValidId(i.FirstId));

        // Answer in reverse order, echoing each invocation's argument.
        for (int i = invocations.Count - 1; i >= 0; i--)
        {
            var arguments = (List<object?>)invocations[i].PayloadItems[0]!;
            callee.Yield(invocations[i].FirstId, [arguments[0]]);
        }

        List<ReceivedMessage> firstResults = first.TakeAll();
        Assert.Equal(2, firstResults.Count);
        WampAssert.Message(firstResults[0], 50, 8, WampValue.Map(), new object?[] { "third" });
        WampAssert.Message(firstResults[1], 50, 7, WampValue.Map(), new object?[] { "first" });
        WampAssert.Message(second.Single(), 50, 7, WampValue.Map(), new object?[] { "second" });
    }

    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void InvocationError_FromCallee_ReachesTheCallerAsCallError(WampSerializer callerSerializer, WampSerializer calleeSerializer)
    {
        TestClient caller = _router.Join(callerSerializer);
        TestClient callee = _router.Join(calleeSerializer);
        callee.RegisterOk(1, Procedure);
        caller.Call(31, Procedure, CallArguments);
        ReceivedMessage invocation = callee.Single();

        callee.InvocationError(invocation.FirstId, "gpio.error.pin_busy", ["pin 17 is in use"], WampValue.Map(("pin", 17), ("owner", "pwm")));

        ReceivedMessage error = caller.Single();
        WampAssert.Error(error, WampMessageType.Call, 31, "gpio.error.pin_busy");
        WampAssert.Message(error, 8, 48, 31, WampValue.Map(), "gpio.error.pin_busy", new object?[] { "pin 17 is in use" }, WampValue.Map(("pin", 17), ("owner", "pwm")));
        callee.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void InvocationError_WithoutPayload_ReachesTheCaller(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(serializer);
        callee.RegisterOk(1, Procedure);
        caller.Call(31, Procedure);
        ReceivedMessage invocation = callee.Single();

        callee.InvocationError(invocation.FirstId, "gpio.error.failed");

        WampAssert.Message(caller.Single(), 8, 48, 31, WampValue.Map(), "gpio.error.failed");
    }

    /// <summary>
    /// A callee's YIELD with a value outside the WAMP data model (a CBOR map with an integer key, which JSON and
    /// MessagePack callers could not receive): the router never throws, aborts the callee, and the caller is not left
    /// waiting: its call is canceled.
    /// </summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Yield_PayloadOutsideTheDataModel_AbortsTheCalleeAndCancelsTheCall(WampSerializer callerSerializer)
    {
        TestClient caller = _router.Join(callerSerializer);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();

        Exception? thrown = Record.Exception(() => callee.Send(new RequestMessage
        {
            Type = WampMessageType.Yield,
            RequestId = invocation.FirstId,
            Payload = new EncodedPayload(WampSerializer.Cbor, Convert.FromHexString("81A10102"), 1),
        }));

        Assert.True(thrown is null, $"Receive threw {thrown}");
        WampAssert.AbortedAndClosed(callee, "wamp.error.protocol_violation");
        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 5, "wamp.error.canceled");
    }

    /// <summary>The same for a CALL: the caller is aborted and the callee is never invoked.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_PayloadOutsideTheDataModel_AbortsTheCallerWithoutInvoking(WampSerializer calleeSerializer)
    {
        TestClient caller = _router.Join(WampSerializer.MsgPack);
        TestClient callee = _router.Join(calleeSerializer);
        callee.RegisterOk(1, Procedure);

        Exception? thrown = Record.Exception(() => caller.Send(new RequestMessage
        {
            Type = WampMessageType.Call,
            RequestId = 5,
            Uri = "gpio.led.write"u8,
            Payload = new EncodedPayload(WampSerializer.MsgPack, Convert.FromHexString("91810102"), 1),
        }));

        Assert.True(thrown is null, $"Receive threw {thrown}");
        WampAssert.AbortedAndClosed(caller, "wamp.error.protocol_violation");
        callee.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_UnknownProcedure_AnswersNoSuchProcedure(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);

        caller.Call(12, "gpio.nothing.here", [1]);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 12, "wamp.error.no_such_procedure");
    }

    [Theory]
    [InlineData("")]
    [InlineData("gpio..led")]
    [InlineData("gpio led")]
    [InlineData("gpio.")]
    public void Call_InvalidUri_AnswersInvalidUri(string procedure)
    {
        TestClient caller = _router.Join(WampSerializer.Json);

        caller.Call(12, procedure);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 12, "wamp.error.invalid_uri");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Unregister_OwnRegistration_AnswersUnregisteredAndCallsFail(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(serializer);
        ulong registrationId = callee.RegisterOk(1, Procedure);

        callee.Unregister(2, registrationId);

        WampAssert.Message(callee.Single(), 67, 2);
        caller.Call(3, Procedure);
        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 3, "wamp.error.no_such_procedure");
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Unregister_ThenAnotherSessionRegisters_CallsGoToTheNewCallee()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient oldCallee = _router.Join(WampSerializer.Cbor);
        TestClient newCallee = _router.Join(WampSerializer.Cbor);
        oldCallee.Unregister(2, oldCallee.RegisterOk(1, Procedure));
        oldCallee.TakeAll();

        ulong registrationId = newCallee.RegisterOk(3, Procedure);
        caller.Call(4, Procedure);

        Assert.Equal(registrationId, newCallee.Single().SecondId);
        oldCallee.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Unregister_UnknownId_AnswersNoSuchRegistration(WampSerializer serializer)
    {
        TestClient callee = _router.Join(serializer);

        callee.Unregister(6, 4242);

        WampAssert.Message(callee.Single(), 8, 66, 6, WampValue.Map(), "wamp.error.no_such_registration");
    }

    [Fact]
    public void Unregister_AnotherSessionsRegistration_AnswersNoSuchRegistrationAndKeepsIt()
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient owner = _router.Join(WampSerializer.Json);
        TestClient intruder = _router.Join(WampSerializer.Json);
        ulong registrationId = owner.RegisterOk(1, Procedure);

        intruder.Unregister(2, registrationId);

        WampAssert.RequestRefused(intruder.Single(), WampMessageType.Unregister, 2, "wamp.error.no_such_registration");
        caller.Call(3, Procedure);
        Assert.Equal(registrationId, owner.Single().SecondId);
    }

    [Fact]
    public void Unregister_Twice_SecondAnswersNoSuchRegistration()
    {
        TestClient callee = _router.Join(WampSerializer.MsgPack);
        ulong registrationId = callee.RegisterOk(1, Procedure);
        callee.Unregister(2, registrationId);
        callee.TakeAll();

        callee.Unregister(3, registrationId);

        WampAssert.RequestRefused(callee.Single(), WampMessageType.Unregister, 3, "wamp.error.no_such_registration");
    }

    [Theory]
    [MemberData(nameof(WaysToLeave))]
    public void Leave_CalleeWithCallsInFlight_CancelsEveryPendingCall(string way)
    {
        TestClient first = _router.Join(WampSerializer.Json);
        TestClient second = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.MsgPack);
        TestClient otherCallee = _router.Join(WampSerializer.MsgPack);
        callee.RegisterOk(1, Procedure);
        otherCallee.RegisterOk(1, "gpio.other");
        first.Call(10, Procedure, [1]);
        first.Call(11, Procedure, [2]);
        second.Call(10, Procedure, [3]);
        second.Call(12, "gpio.other");
        callee.TakeAll();
        ReceivedMessage otherInvocation = otherCallee.Single();

        LeaveRealm(callee, way);

        List<ReceivedMessage> firstErrors = first.TakeAll();
        Assert.Equal(2, firstErrors.Count);
        WampAssert.RequestRefused(firstErrors.Single(e => e.FirstId == 10), WampMessageType.Call, 10, "wamp.error.canceled");
        WampAssert.RequestRefused(firstErrors.Single(e => e.FirstId == 11), WampMessageType.Call, 11, "wamp.error.canceled");
        WampAssert.RequestRefused(second.Single(), WampMessageType.Call, 10, "wamp.error.canceled");

        // The call to the callee that stayed is still pending, and is answered normally.
        otherCallee.Yield(otherInvocation.FirstId, ["ok"]);
        WampAssert.Message(second.Single(), 50, 12, WampValue.Map(), new object?[] { "ok" });

        // And the procedure of the callee that left is gone.
        first.Call(13, Procedure);
        WampAssert.RequestRefused(first.Single(), WampMessageType.Call, 13, "wamp.error.no_such_procedure");
    }

    [Theory]
    [MemberData(nameof(WaysToLeave))]
    public void Yield_AfterTheCallerLeft_IsIgnoredSilently(string way)
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure, [1]);
        ReceivedMessage invocation = callee.Single();
        LeaveRealm(caller, way);
        caller.TakeAll();

        callee.Yield(invocation.FirstId, ["late"]);

        callee.AssertNothingReceived();
        caller.AssertNothingReceived();
        Assert.Equal(0, caller.Connection.RefusedCount);
        Assert.Equal(SessionState.Established, callee.Session.State);
    }

    [Fact]
    public void InvocationError_AfterTheCallerLeft_IsIgnoredSilently()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();
        caller.Session.OnDisconnected();

        callee.InvocationError(invocation.FirstId, "gpio.error.late");

        callee.AssertNothingReceived();
        caller.AssertNothingReceived();
    }

    [Fact]
    public void Yield_CallerLeftAndRejoinedOnTheSameConnection_ResultIsNotDeliveredToTheNewSession()
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient callee = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();
        caller.Goodbye();
        WampAssert.Goodbye(caller.Single(), "wamp.close.goodbye_and_out");
        caller.Join(TestRouter.RealmName);

        callee.Yield(invocation.FirstId, ["late"]);

        caller.AssertNothingReceived();
    }

    [Fact]
    public void Yield_FromASessionThatIsNotTheCallee_IsIgnored()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        TestClient impostor = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();

        impostor.Yield(invocation.FirstId, ["forged"]);
        impostor.InvocationError(invocation.FirstId, "gpio.error.forged");

        caller.AssertNothingReceived();
        impostor.AssertNothingReceived();
        callee.Yield(invocation.FirstId, ["genuine"]);
        WampAssert.Message(caller.Single(), 50, 5, WampValue.Map(), new object?[] { "genuine" });
    }

    [Fact]
    public void Yield_Twice_SecondIsIgnored()
    {
        TestClient caller = _router.Join(WampSerializer.MsgPack);
        TestClient callee = _router.Join(WampSerializer.MsgPack);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();
        callee.Yield(invocation.FirstId, [1]);
        caller.TakeAll();

        callee.Yield(invocation.FirstId, [2]);
        callee.InvocationError(invocation.FirstId, "gpio.error.after");

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Yield_UnknownInvocation_IsIgnored()
    {
        TestClient callee = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);

        callee.Yield(999, [1]);

        callee.AssertNothingReceived();
        Assert.Equal(SessionState.Established, callee.Session.State);
    }

    [Theory]
    [InlineData(WriteResult.Full)]
    [InlineData(WriteResult.TooLarge)]
    [InlineData(WriteResult.Closed)]
    public void Call_CalleeRefusesTheInvocation_AnswersUnavailable(WriteResult refusal)
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        callee.Connection.Result = refusal;

        caller.Call(5, Procedure, [1]);

        ReceivedMessage error = caller.Single();
        WampAssert.RequestRefused(error, WampMessageType.Call, 5, "wamp.error.unavailable");
        Assert.False(string.IsNullOrEmpty(Assert.IsType<string>(error.DetailsMap["message"])));
        Assert.Equal(1, callee.Connection.RefusedCount);

        // Nothing stays pending: the next call goes through once the callee keeps up again.
        callee.Connection.Result = WriteResult.Written;
        caller.Call(6, Procedure, [2]);
        ReceivedMessage invocation = callee.Single();
        callee.Yield(invocation.FirstId, ["ok"]);
        WampAssert.Message(caller.Single(), 50, 6, WampValue.Map(), new object?[] { "ok" });
    }

    [Fact]
    public void Call_InvocationLargerThanTheCalleeAccepts_AnswersUnavailable()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        callee.Connection.MaxMessageSize = 256;

        caller.Call(5, Procedure, [new string('x', 1000)]);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 5, "wamp.error.unavailable");
        callee.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Yield_ResultLargerThanTheCallerAccepts_AnswersTheCallerWithAnError(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(serializer);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();
        caller.Connection.MaxMessageSize = 256;

        callee.Yield(invocation.FirstId, [new string('x', 1000)]);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 5, "wamp.error.unavailable");
        Assert.False(caller.Connection.IsClosed);
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Yield_CallerOutboxFull_ClosesTheCaller()
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient callee = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ReceivedMessage invocation = callee.Single();
        caller.Connection.Result = WriteResult.Full;

        callee.Yield(invocation.FirstId, [1]);

        Assert.Equal(1, caller.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, caller.Session.State);
        callee.AssertNothingReceived();
    }

    private static void LeaveRealm(TestClient client, string way)
    {
        switch (way)
        {
            case "disconnect":
                client.Session.OnDisconnected();
                break;
            case "goodbye":
                client.Goodbye();
                break;
            case "abort":
                client.Abort();
                break;
            default:
                client.SendValue(new object?[] { 36, 1, 2, WampValue.Map() });
                break;
        }
    }
}
