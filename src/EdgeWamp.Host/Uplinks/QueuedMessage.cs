using EdgeWamp.Client;

namespace EdgeWamp.Host.Uplinks;

/// <summary>One message read back from the store-and-forward queue.</summary>
internal sealed record QueuedMessage(ulong Sequence, DateTimeOffset EnqueuedAt, string Topic, WampPayload Payload);
