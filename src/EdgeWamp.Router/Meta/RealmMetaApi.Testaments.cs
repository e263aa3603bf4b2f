using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Meta;

// Testament meta procedures (WAMP spec, "Testament"): wamp.session.add_testament and wamp.session.flush_testaments.
internal sealed partial class RealmMetaApi
{
    private bool TryCallTestamentApi(WampSession caller, ulong requestId, ReadOnlySpan<byte> procedure, ArgumentsReader arguments)
    {
        if (procedure.SequenceEqual("wamp.session.add_testament"u8))
        {
            AddTestament(caller, requestId, arguments);
            return true;
        }

        if (procedure.SequenceEqual("wamp.session.flush_testaments"u8))
        {
            if (!TryReadScope(arguments.Keywords, out bool detached))
            {
                Fail(caller, requestId, WampErrors.InvalidArgument, "scope must be destroyed or detached"u8);
                return true;
            }

            caller.Testaments.RemoveAll(testament => testament.Detached == detached);
            Reply(caller, requestId, new EmptyPayload());
            return true;
        }

        return false;
    }

    /// <summary>add_testament(topic|uri, args|list, kwargs|dict) with kwargs publish_options and scope.</summary>
    private void AddTestament(WampSession caller, ulong requestId, ArgumentsReader arguments)
    {
        Span<byte> scratch = stackalloc byte[512];
        if (!arguments.TryGetString(0, scratch, out ReadOnlySpan<byte> topic) || !WampUriValidator.IsValid(topic) || WampUriValidator.IsReserved(topic))
        {
            Fail(caller, requestId, WampErrors.InvalidUri, "the first argument must be a topic URI"u8);
            return;
        }

        if (!caller.Role!.IsAllowed(Authorization.WampAction.Publish, topic))
        {
            Fail(caller, requestId, WampErrors.NotAuthorized, default);
            return;
        }

        if (!TryReadScope(arguments.Keywords, out bool detached))
        {
            Fail(caller, requestId, WampErrors.InvalidArgument, "scope must be destroyed or detached"u8);
            return;
        }

        // The event's payload is args[1] (a list) and args[2] (a dict), kept encoded as they came.
        if ((arguments.TryGetKind(1, out WampValueKind argsKind) && argsKind != WampValueKind.Array)
            || (arguments.TryGetKind(2, out WampValueKind kwargsKind) && kwargsKind != WampValueKind.Map))
        {
            Fail(caller, requestId, WampErrors.InvalidArgument, "args must be a list and kwargs a dict"u8);
            return;
        }

        bool hasArgs = arguments.TryGetEncoded(1, out ReadOnlySpan<byte> args);
        bool hasKwargs = arguments.TryGetEncoded(2, out ReadOnlySpan<byte> kwargs);
        WampSerializer serializer = caller.Serializer;
        byte[] payload = hasKwargs
            ? [.. (hasArgs ? args : "[]"u8), .. (serializer == WampSerializer.Json ? ","u8 : default), .. kwargs]
            : hasArgs ? args.ToArray() : [];
        int count = hasKwargs ? 2 : hasArgs ? 1 : 0;
        if (hasKwargs && !hasArgs && serializer != WampSerializer.Json)
        {
            // An empty list in the caller's own serializer: 0x80 (CBOR), 0x90 (MessagePack), "[#i\0" (UBJSON, counted).
            ReadOnlySpan<byte> emptyList = serializer switch
            {
                WampSerializer.Cbor => [0x80],
                WampSerializer.MsgPack => [0x90],
                _ => "[#i\0"u8,
            };
            payload = [.. emptyList, .. kwargs];
        }

        caller.Testaments.Add(new Testament(topic.ToArray(), serializer, payload, count, detached));
        Reply(caller, requestId, new EmptyPayload());
    }

    /// <summary>Publishes a leaving session's testaments: detached scope first, then destroyed, each in the order added (spec).</summary>
    private void PublishTestaments(WampSession session)
    {
        if (session.Testaments.Count == 0)
        {
            return;
        }

        foreach (bool detached in (ReadOnlySpan<bool>)[true, false])
        {
            foreach (Testament testament in session.Testaments)
            {
                if (testament.Detached == detached)
                {
                    _broker.PublishFromRouter(testament.Topic, new EncodedPayload(testament.Serializer, testament.Payload, testament.PayloadCount));
                }
            }
        }

        session.Testaments.Clear();
    }

    private static bool TryReadScope(DetailsReader keywords, out bool detached)
    {
        Span<byte> scratch = stackalloc byte[16];
        detached = false;
        if (!keywords.TryGetString("scope"u8, scratch, out ReadOnlySpan<byte> scope))
        {
            return true;
        }

        detached = scope.SequenceEqual("detached"u8);
        return detached || scope.SequenceEqual("destroyed"u8);
    }
}
