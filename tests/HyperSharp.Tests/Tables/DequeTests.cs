using HyperSharp.Collections;

namespace HyperSharp.Tests.Tables;

/// <summary>The ring-buffer deque against a List&lt;int&gt; doing the same thing, on random operations.</summary>
public sealed class DequeTests
{
    [Theory]
    [InlineData(20, 0)]
    [InlineData(21, 3)]
    [InlineData(22, 100)]
    public void RandomOperations_MatchAListDoingTheSame(int seed, int initialCapacity)
    {
        var random = new Random(seed);
        var deque = new Deque<int>(initialCapacity);
        var model = new List<int>();
        for (int step = 0; step < 20_000; step++)
        {
            // Pushes slightly more likely than pops, so the deque grows through several doublings and wraps around.
            switch (random.Next(7))
            {
                case 0:
                case 1:
                    int back = random.Next();
                    deque.PushBack(back);
                    model.Add(back);
                    break;
                case 2:
                case 3:
                    int front = random.Next();
                    deque.PushFront(front);
                    model.Insert(0, front);
                    break;
                case 4:
                    if (model.Count == 0)
                        Assert.Throws<InvalidOperationException>(() => deque.PopBack());
                    else
                    {
                        Assert.Equal(model[^1], deque.PopBack());
                        model.RemoveAt(model.Count - 1);
                    }
                    break;
                case 5:
                    if (model.Count == 0)
                        Assert.Throws<InvalidOperationException>(() => deque.PopFront());
                    else
                    {
                        Assert.Equal(model[0], deque.PopFront());
                        model.RemoveAt(0);
                    }
                    break;
                default:
                    if (model.Count > 0)
                    {
                        int i = random.Next(model.Count);
                        Assert.Equal(model[i], deque[i]);
                        int value = random.Next();
                        deque[i] = value;
                        model[i] = value;
                    }
                    break;
            }
            Assert.Equal(model.Count, deque.Count);
            if (step % 997 == 0)
                Assert.Equal(model, deque);
        }
        Assert.Equal(model, deque);
        Assert.True(deque.Capacity >= deque.Count);
        Assert.Equal(0, deque.Capacity & (deque.Capacity - 1)); // a power of two
    }

    [Fact]
    public void PeekAndIndex_OutOfRange_Throw()
    {
        var deque = new Deque<string>(["a", "b", "c"]);
        Assert.Equal("a", deque.PeekFront());
        Assert.Equal("c", deque.PeekBack());
        Assert.Throws<ArgumentOutOfRangeException>(() => deque[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => deque[-1]);
        deque.Clear();
        Assert.Empty(deque);
        Assert.Throws<InvalidOperationException>(() => deque.PeekFront());
        Assert.Throws<InvalidOperationException>(() => deque.PeekBack());
    }

    [Fact]
    public void Enumerating_WhileChanging_Throws()
    {
        var deque = new Deque<int>([1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (int v in deque)
                deque.PushBack(v);
        });
    }
}
