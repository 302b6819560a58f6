import { Injectable } from '@nestjs/common';
import type { Prisma, User } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<User[]> {
    return this.prisma.client.user.findMany({ orderBy: [{ active: 'desc' }, { displayName: 'asc' }] });
  }

  findById(id: string): Promise<User | null> {
    return this.prisma.client.user.findUnique({ where: { id } });
  }

  create(data: Prisma.UserCreateInput): Promise<User> {
    return this.prisma.client.user.create({ data });
  }

  update(id: string, data: Prisma.UserUpdateInput): Promise<User> {
    return this.prisma.client.user.update({ where: { id }, data });
  }

  countActiveAdmins(): Promise<number> {
    return this.prisma.client.user.count({ where: { role: 'admin', active: true } });
  }
}
