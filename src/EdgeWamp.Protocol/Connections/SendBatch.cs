namespace EdgeWamp.Protocol.Connections;

/// <summary>A connection that can hold its writes back until the batch it was written in ends.</summary>
public interface IBatchedSender
{
    /// <summary>Sends what was queued during the batch. Called once per batch, on the batch's thread, outside every lock.</summary>
    void FlushBatch();
}

/// <summary>
/// Write coalescing. While a receive loop hands the frames of one socket read to the router, the connections the
/// router writes to only enlist here; when the read's frames are all routed, each enlisted connection sends
/// everything it got in one system call, on this thread, outside every realm lock. A caller whose read carried 16
/// CALLs makes one send per callee instead of sixteen, and no thread is woken to do the sending.
/// </summary>
/// <remarks>
/// Thread-static: a batch never spans an <c>await</c> (the receive loop opens it after a read completes and closes it
/// before the next read). Outside a batch a connection sends as it always did. Whoever feeds the router on its own
/// thread (a receive loop, an in-process session, a timer sweep) opens a batch around what it hands over.
/// </remarks>
public static class SendBatch
{
    [ThreadStatic]
    private static List<IBatchedSender>? t_enlisted;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Whether writes on this thread are being coalesced.</summary>
    public static bool IsOpen => t_depth > 0;

    public static void Open() => t_depth++;

    /// <summary>Enlists <paramref name="sender"/> for the end of the open batch; the caller enlists each sender once per batch.</summary>
    public static void Enlist(IBatchedSender sender) => (t_enlisted ??= new List<IBatchedSender>(16)).Add(sender);

    /// <summary>Ends the batch; the outermost close flushes every enlisted connection.</summary>
    public static void Close()
    {
        if (--t_depth > 0 || t_enlisted is not { Count: > 0 } enlisted)
        {
            return;
        }

        // By index: a flush that fails may end a session, whose goodbye writes go out directly (the batch is closed).
        for (int i = 0; i < enlisted.Count; i++)
        {
            enlisted[i].FlushBatch();
        }

        enlisted.Clear();
    }
}
