namespace HyperSharp.Harness.Search;

/// <summary>Postings as sorted <c>int[]</c>: intersection by galloping the longer list from the shorter's elements, union and difference by merging.</summary>
public class SortedPostings : IPostingSets<int[]>
{
    public int[] Empty { get; } = [];

    public int Count(int[] set) => set.Length;

    public virtual int[] Intersect(int[] a, int[] b)
    {
        if (a.Length > b.Length)
            (a, b) = (b, a);
        var r = new List<int>(a.Length);
        int j = 0;
        foreach (int x in a)
        {
            // Gallop: steps of 1, 2, 4, … past x's place, then bisect the last step.
            int step = 1, lo = j;
            while (j < b.Length && b[j] < x)
            {
                lo = j + 1;
                j = Math.Min(b.Length, j + step);
                step <<= 1;
            }
            int hi = Math.Min(j, b.Length);
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (b[mid] < x)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            j = lo;
            if (j == b.Length)
                break;
            if (b[j] == x)
                r.Add(x);
        }
        return [.. r];
    }

    public int[] Union(int[] a, int[] b)
    {
        var r = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j == b.Length || (i < a.Length && a[i] < b[j]))
                r.Add(a[i++]);
            else if (i == a.Length || b[j] < a[i])
                r.Add(b[j++]);
            else
            {
                r.Add(a[i++]);
                j++;
            }
        }
        return [.. r];
    }

    public int[] Except(int[] a, int[] b)
    {
        var r = new List<int>(a.Length);
        int j = 0;
        foreach (int x in a)
        {
            while (j < b.Length && b[j] < x)
                j++;
            if (j == b.Length || b[j] != x)
                r.Add(x);
        }
        return [.. r];
    }

    public int[] Where(int[] set, Func<int, bool> keep) => [.. set.Where(keep)];

    public int[] Sorted(int[] set) => set;
}
