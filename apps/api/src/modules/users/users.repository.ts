import { Injectable } from '@nestjs/common';
import type { Prisma, User } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';
import { AuthRepository } from '../auth/auth.repository';

/** Reads for staff administration; writes go through AuthRepository, the users table's one writer. */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly auth: AuthRepository,
  ) {}

  list(): Promise<User[]> {
    return this.prisma.client.user.findMany({ orderBy: [{ active: 'desc' }, { displayName: 'asc' }] });
  }

  findById(id: string): Promise<User | null> {
    return this.prisma.client.user.findUnique({ where: { id } });
  }

  create(data: Prisma.UserCreateInput): Promise<User> {
    return this.auth.createUser(data);
  }

  update(id: string, data: Prisma.UserUpdateInput): Promise<User> {
    return this.auth.updateUser(id, data);
  }

  countActiveAdmins(): Promise<number> {
    return this.prisma.client.user.count({ where: { role: 'admin', active: true } });
  }
}
