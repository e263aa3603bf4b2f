namespace EdgeWamp.Host.Uplinks;

/// <summary>When the store-and-forward queue asks the kernel to put its writes on the medium.</summary>
internal enum FsyncPolicy
{
    /// <summary>After every enqueued message and every acknowledgement: survives power loss, wears flash most.</summary>
    Always,

    /// <summary>At most once per <see cref="SegmentQueue.BatchInterval"/>: survives a process crash, may lose the last second on power loss.</summary>
    Batch,

    /// <summary>Never: the kernel writes back when it likes (survives a process crash, not power loss).</summary>
    Never,
}
