using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Router.Meta;

/// <summary>An event a session asked the router to publish when it goes (WAMP spec, "Testament").</summary>
internal sealed record Testament(byte[] Topic, WampSerializer Serializer, byte[] Payload, int PayloadCount, bool Detached);
