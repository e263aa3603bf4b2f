using EdgeWamp.Protocol.RawSocket;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>One RawSocket frame as the test client read it off the wire.</summary>
internal readonly record struct ReceivedFrame(RawSocketFrameType Type, byte[] Payload);
