# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# The book's Cython rung (Lanaro, "Python High Performance", ch. 4): the
# evolve loop with typed locals and typed memoryviews, compiled to C.
from libc.math cimport sqrt


cdef void c_evolve(double[:, :] r_i, double[:] ang_vel_i, double timestep, long nsteps) nogil:
    cdef long i, j
    cdef long nparticles = r_i.shape[0]
    cdef double norm, x, y, vx, vy, dx, dy, ang_vel

    for i in range(nsteps):
        for j in range(nparticles):
            x = r_i[j, 0]
            y = r_i[j, 1]
            ang_vel = ang_vel_i[j]

            norm = sqrt(x ** 2 + y ** 2)
            vx = (-y) / norm
            vy = x / norm

            dx = timestep * ang_vel * vx
            dy = timestep * ang_vel * vy

            r_i[j, 0] += dx
            r_i[j, 1] += dy


def evolve_cython(double[:, :] r_i, double[:] ang_vel_i, double timestep, long nsteps):
    """Advances r_i (shape (n, 2)) in place by nsteps steps."""
    with nogil:
        c_evolve(r_i, ang_vel_i, timestep, nsteps)
