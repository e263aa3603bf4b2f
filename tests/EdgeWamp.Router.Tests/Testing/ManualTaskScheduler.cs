namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// Runs queued tasks only when told, on the test's thread: inline (<see cref="Inline"/>) so authentication completes
/// within the send that triggered it, or held until <see cref="RunAll"/> to show what happens while a check is pending.
/// </summary>
internal sealed class ManualTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _queued = new();

    public ManualTaskScheduler(bool inline)
    {
        Inline = inline;
    }

    public bool Inline { get; }

    public int QueuedCount => _queued.Count;

    /// <summary>Runs every queued task; returns how many ran.</summary>
    public int RunAll()
    {
        int ran = 0;
        while (_queued.TryDequeue(out Task? task))
        {
            TryExecuteTask(task);
            ran++;
        }

        return ran;
    }

    protected override void QueueTask(Task task)
    {
        if (Inline)
        {
            TryExecuteTask(task);
        }
        else
        {
            _queued.Enqueue(task);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => Inline && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queued];
}
