using System.Text;
using EdgeWamp.Client.Authentication;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Client;

public sealed partial class WampClientSession
{
    /// <summary>Reads messages until the connection ends; each is handled before the next is read, so order is kept.</summary>
    private async Task ReceiveLoopAsync()
    {
        string reason = "wamp.close.disconnected";
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte> message = await _transport.ReceiveAsync(_stopping.Token).ConfigureAwait(false);
                if (message.IsEmpty)
                {
                    break;
                }

                FollowUp followUp = Handle(message.Span);
                if (followUp.Challenge is { } challenge)
                {
                    await AnswerChallengeAsync(followUp.Method!, challenge).ConfigureAwait(false);
                }
                else if (followUp.Reason is not null)
                {
                    reason = followUp.Reason;
                    if (followUp.AnswerGoodbye)
                    {
                        // WAMP spec, "Session Closing": the router said GOODBYE; answer, then the session is over.
                        await SendAsync(0, static (session, _, _) => session.Encode(new GoodbyeMessage { Reason = "wamp.close.goodbye_and_out"u8 }), 0, _stopping.Token).ConfigureAwait(false);
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            reason = "wamp.close.disconnected";
        }
        catch (WampConnectionException exception)
        {
            reason = exception.Message;
        }
        catch (IOException exception)
        {
            reason = exception.Message;
        }
        catch (ObjectDisposedException)
        {
            reason = "wamp.close.disconnected";
        }

        End(reason);
        if (!_stopping.IsCancellationRequested)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Handles one message synchronously; what needs an await (answering CHALLENGE or GOODBYE) is returned.</summary>
    private FollowUp Handle(ReadOnlySpan<byte> message)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        DecodeStatus status = WampHeaderDecoder.TryDecode(_transport.Serializer, message, scratch, out MessageHeader header);
        if (status != DecodeStatus.Ok)
        {
            ClientLog.UndecodableMessage(_logger, status.ToString());
            return new FollowUp { Reason = $"wamp.error.protocol_violation: undecodable message ({status})" };
        }

        switch (header.Type)
        {
            case WampMessageType.Welcome:
                ReadWelcome(header.DetailsReader);
                _welcome.TrySetResult(header.FirstId);
                break;
            case WampMessageType.Challenge:
                return new FollowUp { Method = Encoding.UTF8.GetString(header.Text), Challenge = ReadChallenge(header.DetailsReader) };
            case WampMessageType.Abort:
                string abort = Encoding.UTF8.GetString(header.Text);
                _welcome.TrySetException(new WampConnectionException($"the router refused the session: {abort}{MessageOf(header.DetailsReader)}"));
                return new FollowUp { Reason = abort };
            case WampMessageType.Goodbye:
                _goodbyeAnswered.TrySetResult();
                return new FollowUp { Reason = Encoding.UTF8.GetString(header.Text), AnswerGoodbye = !_leaving };
            case WampMessageType.Event:
                Dispatch(in header);
                break;
            case WampMessageType.Invocation:
                Invoke(in header);
                break;
            case WampMessageType.Subscribed:
            case WampMessageType.Registered:
            case WampMessageType.Published:
                Acknowledge(header.FirstId, header.SecondId);
                break;
            case WampMessageType.Unsubscribed:
            case WampMessageType.Unregistered:
                if (header.FirstId == 0)
                {
                    // A revocation (WAMP spec, "Subscription Revocation"): the router ended it; forget the handler.
                    if (header.DetailsReader.TryGetUInt64(header.Type == WampMessageType.Unsubscribed ? "subscription"u8 : "registration"u8, out ulong revoked))
                    {
                        _subscriptions.TryRemove(revoked, out _);
                        _registrations.TryRemove(revoked, out _);
                    }
                }
                else
                {
                    Acknowledge(header.FirstId, 0);
                }

                break;
            case WampMessageType.Result:
                if (_pending.TryRemove(header.FirstId, out PendingRequest? call))
                {
                    call.Result.TrySetResult(WampPayload.CopyOf(header.EncodedPayload));
                }

                break;
            case WampMessageType.Error:
                if (_pending.TryRemove(header.FirstId, out PendingRequest? refused))
                {
                    refused.Fail(new WampException(Encoding.UTF8.GetString(header.Text), WampPayload.CopyOf(header.EncodedPayload)));
                }

                break;
            case WampMessageType.Interrupt:
                // Call canceling is not announced; a router that sends INTERRUPT anyway gets the YIELD or ERROR later.
                break;
        }

        return default;
    }

    private void Acknowledge(ulong requestId, ulong id)
    {
        if (!_pending.TryRemove(requestId, out PendingRequest? pending))
        {
            return;
        }

        if (pending.Type == WampMessageType.Subscribe)
        {
            _subscriptions[id] = new Subscription(Encoding.UTF8.GetBytes(pending.Uri!), pending.EventHandler!);
        }
        else if (pending.Type == WampMessageType.Register)
        {
            _registrations[id] = new Registration(pending.Uri!, pending.InvocationHandler!);
        }

        pending.Id.TrySetResult(id);
    }

    private void Dispatch(in MessageHeader header)
    {
        if (!_subscriptions.TryGetValue(header.FirstId, out Subscription? subscription))
        {
            return;
        }

        DetailsReader details = header.DetailsReader;
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        ReadOnlySpan<byte> topic = details.TryGetString("topic"u8, scratch, out ReadOnlySpan<byte> concrete) ? concrete : subscription.Topic;
        details.TryGetUInt64("publisher"u8, out ulong publisher);
        var wampEvent = new WampEvent
        {
            SubscriptionId = header.FirstId,
            PublicationId = header.SecondId,
            Topic = topic,
            Publisher = publisher,
            Details = details,
            Payload = header.EncodedPayload,
        };
        try
        {
            subscription.Handler(in wampEvent);
        }
        catch (Exception exception)
        {
            ClientLog.EventHandlerFailed(_logger, Encoding.UTF8.GetString(topic), exception);
        }
    }

    private void Invoke(in MessageHeader header)
    {
        ulong requestId = header.FirstId;
        if (!_registrations.TryGetValue(header.SecondId, out Registration? registration))
        {
            _ = AnswerInvocationAsync(requestId, new ValueTask<WampPayload>(Task.FromException<WampPayload>(new WampException("wamp.error.no_such_registration"))));
            return;
        }

        DetailsReader details = header.DetailsReader;
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        string procedure = details.TryGetString("procedure"u8, scratch, out ReadOnlySpan<byte> concrete) ? Encoding.UTF8.GetString(concrete) : registration.Procedure;
        details.TryGetUInt64("caller"u8, out ulong caller);
        var invocation = new WampInvocation
        {
            RegistrationId = header.SecondId,
            Procedure = procedure,
            Caller = caller,
            Payload = WampPayload.CopyOf(header.EncodedPayload),
        };
        ValueTask<WampPayload> result;
        try
        {
            result = registration.Handler(invocation, _stopping.Token);
        }
        catch (Exception exception)
        {
            result = new ValueTask<WampPayload>(Task.FromException<WampPayload>(exception));
        }

        _ = AnswerInvocationAsync(requestId, result);
    }

    /// <summary>YIELDs the handler's result, or ERRORs with its <see cref="WampException"/> (any other exception: wamp.error.runtime_error).</summary>
    private async Task AnswerInvocationAsync(ulong requestId, ValueTask<WampPayload> result)
    {
        try
        {
            WampPayload payload;
            try
            {
                payload = await result.ConfigureAwait(false);
            }
            catch (WampException refusal)
            {
                await SendAsync(requestId, static (session, id, refusal) => session.Encode(new ErrorMessage
                {
                    RequestType = WampMessageType.Invocation,
                    RequestId = id,
                    Error = Encoding.UTF8.GetBytes(refusal.Error),
                    Payload = refusal.Payload.AsEncoded(),
                }), refusal, _stopping.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ClientLog.InvocationHandlerFailed(_logger, exception);
                await SendAsync(requestId, static (session, id, _) => session.Encode(new ErrorMessage
                {
                    RequestType = WampMessageType.Invocation,
                    RequestId = id,
                    Error = "wamp.error.runtime_error"u8,
                }), 0, _stopping.Token).ConfigureAwait(false);
                return;
            }

            await SendAsync(requestId, static (session, id, payload) => session.Encode(new RequestMessage { Type = WampMessageType.Yield, RequestId = id, Payload = payload.AsEncoded() }), payload, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WampConnectionException or OperationCanceledException)
        {
            // The session ended while the handler ran: the router has already answered the caller.
        }
    }

    private async Task AnswerChallengeAsync(string method, ChallengeExtra extra)
    {
        if (_authenticator is null || _authenticator.Method != method)
        {
            throw new WampConnectionException($"the router sent a CHALLENGE for '{method}', which this client did not offer");
        }

        string signature = _authenticator.Sign(extra);
        await SendAsync(0, static (session, _, signature) => session.Encode(new AuthenticateMessage { Signature = Encoding.UTF8.GetBytes(signature) }), signature, _stopping.Token).ConfigureAwait(false);
    }

    private void ReadWelcome(DetailsReader details)
    {
        byte[] scratch = new byte[TextScratchLength];
        if (details.TryGetString("authid"u8, scratch, out ReadOnlySpan<byte> authId))
        {
            AuthId = Encoding.UTF8.GetString(authId);
        }

        if (details.TryGetString("authrole"u8, scratch, out ReadOnlySpan<byte> authRole))
        {
            AuthRole = Encoding.UTF8.GetString(authRole);
        }
    }

    /// <summary>CHALLENGE.Extra entries of WAMP-CRA and cryptosign.</summary>
    private static ChallengeExtra ReadChallenge(DetailsReader extra)
    {
        byte[] scratch = new byte[TextScratchLength];
        return new ChallengeExtra
        {
            Challenge = extra.TryGetString("challenge"u8, scratch, out ReadOnlySpan<byte> challenge) ? Encoding.UTF8.GetString(challenge) : null,
            Salt = extra.TryGetString("salt"u8, scratch, out ReadOnlySpan<byte> salt) ? Encoding.UTF8.GetString(salt) : null,
            Iterations = extra.TryGetUInt64("iterations"u8, out ulong iterations) && iterations <= int.MaxValue ? (int)iterations : 0,
            KeyLength = extra.TryGetUInt64("keylen"u8, out ulong keyLength) && keyLength <= int.MaxValue ? (int)keyLength : 0,
        };
    }

    private static string MessageOf(DetailsReader details)
    {
        byte[] scratch = new byte[TextScratchLength];
        return details.TryGetString("message"u8, scratch, out ReadOnlySpan<byte> message) ? " (" + Encoding.UTF8.GetString(message) + ")" : "";
    }

    /// <summary>What the receive loop must do after a message, outside the synchronous handler.</summary>
    private readonly struct FollowUp
    {
        public string? Method { get; init; }

        public ChallengeExtra? Challenge { get; init; }

        /// <summary>Set when the session is over (ABORT, GOODBYE, a protocol violation).</summary>
        public string? Reason { get; init; }

        public bool AnswerGoodbye { get; init; }
    }
}
